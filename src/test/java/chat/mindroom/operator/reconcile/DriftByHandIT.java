package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift that no bulk report shows, made by a person with their own key (as on a real host), is
 * found from Dokku's events log at the next resync and repaired, without a repair request and long
 * before the rotating full verification (30 minutes here) would come round.
 */
class DriftByHandIT {

    private static final Duration CEILING = Duration.ofMinutes(3);

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
        await("Ready", () -> "Ready".equals(status().get("phase")));
        // Converged and remembered: resyncs now judge the instance from the bulk reports.
        await("a pass at snapshot depth", () -> operator.get("/prometheus").body()
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

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + CEILING + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void theOperatorSwitchesTheEventsLogOn() {
        assertThat(person.exec("events:list").stderr()).doesNotContain("disabled");
    }

    @Test
    void anOwnedEnvKeyChangedByHandIsSetBack() {
        person.exec("config:set --no-restart mr-hands-backend MINDROOM_TIER=hacked");
        await("MINDROOM_TIER set back", () -> person.exec("config:get mr-hands-backend MINDROOM_TIER").stdout().trim()
                .equals("starter"));
        String events = operator.get("/api/v1/instances/hands/events?limit=50").body();
        assertThat(events).contains("ChangeSeen").contains("post-config-update on mr-hands-backend by key SHA256:");
    }

    @Test
    void anAppStoppedByHandIsStartedAgainAndStatusSaysSoMeanwhile() {
        person.exec("ps:stop mr-hands-frontend");
        await("frontend running again", () -> person.exec("ps:report mr-hands-frontend --format json").stdout()
                .contains("\"running\":\"true\""));
        await("Ready again", () -> "Ready".equals(status().get("phase")));
        assertThat(operator.get("/api/v1/instances/hands/events?limit=50").body()).contains("DriftRepaired")
                .contains("running");
    }

    @Test
    void aServiceUnlinkedByHandIsLinkedAgain() {
        person.exec("postgres:unlink mr-hands-db mr-hands-backend --no-restart");
        await("linked again", () -> person.exec("postgres:links mr-hands-db").stdout().contains("mr-hands-backend"));
    }

    @Test
    void aCertificateRemovedByHandIsRequestedAgain() {
        assertThat(person.exec("letsencrypt:active mr-hands-frontend").stdout().trim()).isEqualTo("true");
        person.exec("letsencrypt:disable mr-hands-frontend");
        await("certificate active again", () -> person.exec("letsencrypt:active mr-hands-frontend").stdout().trim()
                .equals("true"));
    }
}
