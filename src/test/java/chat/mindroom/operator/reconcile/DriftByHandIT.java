package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift that no bulk report shows, made by a person with their own key (as on a real host), is
 * found from Dokku's events log (or, for a container that died, from the host's proxy) at the next
 * resync and repaired, without a repair request and long before the rotating full verification
 * (30 minutes here) would come round.
 */
class DriftByHandIT {


    private Fleet fleet;
    private SandboxServer sandbox;
    private RunningOperator operator;
    private RawSsh person;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of("operator.reconcile.full-observe-interval", "30m"));
        Path key = Files.createTempDirectory("person").resolve("id_ecdsa");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        pair.writePrivateKey(key.toString());
        pair.dispose();
        person = new RawSsh(sandbox, key);
        operator.put("/api/v1/instances/hands", "{\"tier\":\"starter\"}");
        Await.until("Ready", () -> "Ready".equals(status().get("phase")));
        // Converged and remembered: resyncs now judge the instance from the bulk reports.
        Await.until("a pass at snapshot depth", () -> operator.get("/prometheus").body()
                .matches("(?s).*mindroom_observations_total\\{depth=\"snapshot\"\\} [1-9].*"));
    }

    @AfterEach
    void stop() {
        person.close();
        operator.close();
        fleet.close();
    }

    private Map<String, Object> status() {
        return map(object(operator.get("/api/v1/instances/hands").body()).get("status"));
    }

    @Test
    void theOperatorSwitchesTheEventsLogOn() {
        assertThat(person.exec("events:list").stderr()).doesNotContain("disabled");
    }

    @Test
    void anOwnedEnvKeyChangedByHandIsSetBack() {
        person.exec("config:set --no-restart mr-hands-backend MINDROOM_TIER=hacked");
        Await.until("MINDROOM_TIER set back", () -> person.exec("config:get mr-hands-backend MINDROOM_TIER").stdout().trim()
                .equals("starter"));
        String events = operator.get("/api/v1/instances/hands/events?limit=50").body();
        assertThat(events).contains("ChangeSeen").contains("post-config-update on mr-hands-backend by key SHA256:");
    }

    @Test
    void anAppStoppedByHandIsStartedAgainAndStatusSaysSoMeanwhile() {
        person.exec("ps:stop mr-hands-frontend");
        Await.until("frontend running again", () -> person.exec("ps:report mr-hands-frontend --format json").stdout()
                .contains("\"running\":\"true\""));
        Await.until("Ready again", () -> "Ready".equals(status().get("phase")));
        assertThat(operator.get("/api/v1/instances/hands/events?limit=50").body()).contains("DriftRepaired")
                .contains("running");
    }

    @Test
    void aContainerThatDiesLeavesNoEventButTheProxyProbeFindsItAndItIsStartedAgain() {
        sandbox.state().containerDied("mr-hands-backend");
        Await.until("backend running again", () -> person.exec("ps:report mr-hands-backend --format json").stdout()
                .contains("\"running\":\"true\""));
        assertThat(operator.get("/api/v1/instances/hands/events?limit=50").body()).contains("NotAnswering")
                .contains("api.hands.mindroom.test answered 502");
    }

    @Test
    void anAppThatRunsButDoesNotAnswerIsShownUnhealthyUntilItAnswersAgain() {
        sandbox.state().stopsListening("mr-hands-frontend");
        Await.until("Healthy False, NotAnswering", () -> "NotAnswering".equals(healthy().get("reason")));
        assertThat(String.valueOf(healthy().get("message"))).startsWith("mr-hands-frontend runs but hands.mindroom.test"
                + " answered 502 through host dokku-1's proxy at ");
        assertThat(healthy()).containsEntry("status", "False");
        assertThat(person.exec("ps:report mr-hands-frontend --format json").stdout())
                .as("Dokku says it runs: only the probe knows").contains("\"running\":\"true\"");

        person.exec("ps:restart mr-hands-frontend");
        Await.until("Healthy again", () -> "Running".equals(healthy().get("reason")));
        assertThat(healthy()).containsEntry("status", "True");
    }

    private Map<String, Object> healthy() {
        return list(status().get("conditions")).stream().map(c -> map(c)).filter(c -> "Healthy".equals(c.get("type")))
                .findFirst().orElse(Map.of());
    }

    @Test
    void aServiceUnlinkedByHandIsLinkedAgain() {
        person.exec("postgres:unlink mr-hands-db mr-hands-backend --no-restart");
        Await.until("linked again", () -> person.exec("postgres:links mr-hands-db").stdout().contains("mr-hands-backend"));
    }

    @Test
    void aCertificateRemovedByHandIsRequestedAgain() {
        assertThat(person.exec("letsencrypt:active mr-hands-frontend").stdout().trim()).isEqualTo("true");
        person.exec("letsencrypt:disable mr-hands-frontend");
        Await.until("certificate active again", () -> person.exec("letsencrypt:active mr-hands-frontend").stdout().trim()
                .equals("true"));
    }
}
