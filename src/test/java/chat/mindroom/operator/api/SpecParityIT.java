package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.errorFields;
import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.reconcile.Reconciler;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fields of the replaced provisioner through the HTTP API, a real database and a Dokku sandbox. */
class SpecParityIT {

    private Fleet fleet;
    private SandboxServer sandbox;
    private RunningOperator operator;
    private RawSsh ssh;

    @BeforeEach
    void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 100);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        ssh = new RawSsh(sandbox);
    }

    @AfterEach
    void stop() {
        ssh.close();
        operator.close();
        fleet.close();
    }

    private void pass(String name) throws InterruptedException {
        Reconciler reconciler = operator.context().getBean(Reconciler.class);
        reconciler.reconcile(new InstanceName(name));
        assertThat(reconciler.awaitRestarts(Duration.ofSeconds(60))).isTrue();
    }

    private String env(String app, String key) {
        return ssh.exec("config:get " + app + " " + key).stdout().trim();
    }

    private List<String> names(String query) {
        return list(object(operator.get("/api/v1/instances" + query).body()).get("items")).stream()
                .map(i -> (String) map(i).get("name")).toList();
    }

    @Test
    void aSubscriptionHasOneLiveInstanceAndFiltersTheList() {
        assertThat(operator.put("/api/v1/instances/first", "{\"tier\":\"free\",\"subscriptionId\":\"sub_1\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> taken = operator.put("/api/v1/instances/second",
                "{\"tier\":\"free\",\"subscriptionId\":\"sub_1\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(errorFields(taken.body())).containsExactly("subscriptionId");
        assertThat(taken.body()).contains("first");
        assertThat(operator.get("/api/v1/instances/second").statusCode()).isEqualTo(404);
        assertThat(operator.put("/api/v1/instances/other", "{\"tier\":\"free\",\"subscriptionId\":\"sub_2\"}")
                .statusCode()).isEqualTo(201);

        assertThat(names("?subscriptionId=sub_1")).containsExactly("first");
        assertThat(operator.delete("/api/v1/instances/first").statusCode()).isEqualTo(202);
        assertThat(operator.put("/api/v1/instances/second", "{\"tier\":\"free\",\"subscriptionId\":\"sub_1\"}")
                .statusCode()).isEqualTo(201);
        assertThat(names("?subscriptionId=sub_1")).containsExactly("first", "second");
        assertThat(names("?subscriptionId=sub_3")).isEmpty();
        HttpResponse<String> bad = operator.get("/api/v1/instances?subscriptionId=a%20b");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(errorFields(bad.body())).containsExactly("subscriptionId");
    }

    @Test
    void invalidNewFieldsAreRefusedWithTheirPath() {
        HttpResponse<String> refused = operator.put("/api/v1/instances/bad", "{\"tier\":\"free\",\"logLevel\":\"loud\","
                + "\"limits\":{\"agents\":0,\"messagesPerDay\":\"many\"},\"configOverrides\":{\"foo\":{},"
                + "\"limits\":{},\"agents\":{\"a\":{\"password\":\"x\"}}}}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(errorFields(refused.body())).containsExactlyInAnyOrder("logLevel", "limits.agents",
                "limits.messagesPerDay", "configOverrides.foo", "configOverrides.limits",
                "configOverrides.agents.a.password");
        assertThat(refused.body()).doesNotContain("\"x\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void limitsLogLevelAndOverridesReachTheAppsAndAChangeIsPlanned() throws Exception {
        assertThat(operator.put("/api/v1/instances/acme", """
                {"tier":"starter","logLevel":"debug",
                 "limits":{"agents":7,"messagesPerDay":"unlimited","storageGb":12},
                 "configOverrides":{"agents":{"assistant":{"role":"Answers in French"}}}}""").statusCode())
                .isEqualTo(201);
        pass("acme");
        assertThat(env("mr-acme-backend", "MINDROOM_MAX_AGENTS")).isEqualTo("7");
        assertThat(env("mr-acme-backend", "MINDROOM_MESSAGES_PER_DAY")).isEqualTo("unlimited");
        assertThat(env("mr-acme-backend", "MINDROOM_STORAGE_LIMIT_GB")).isEqualTo("12");
        assertThat(env("mr-acme-backend", "MINDROOM_LOG_LEVEL")).isEqualTo("debug");
        assertThat(env("mr-acme-frontend", "MINDROOM_LOG_LEVEL")).isEqualTo("debug");
        Map<String, Object> config = (Map<String, Object>) YamlDocument.parse(env("mr-acme-backend",
                "MINDROOM_CONFIG"));
        assertThat(map(map(config.get("agents")).get("assistant"))).containsEntry("role", "Answers in French");
        assertThat(object(operator.get("/api/v1/instances/acme/plan").body())).containsEntry("converged", true);

        assertThat(operator.put("/api/v1/instances/acme", """
                {"tier":"starter","logLevel":"debug",
                 "limits":{"agents":7,"messagesPerDay":"unlimited","storageGb":12},
                 "configOverrides":{"agents":{"assistant":{"role":"Answers in German"}}}}""").statusCode())
                .isEqualTo(200);
        Map<String, Object> plan = object(operator.get("/api/v1/instances/acme/plan").body());
        assertThat(plan).containsEntry("converged", false);
        List<String> commands = list(plan.get("actions")).stream().map(a -> (String) map(a).get("command")).toList();
        assertThat(commands).anyMatch(c -> c.startsWith("config:set") && c.contains("mr-acme-backend")
                && c.contains("MINDROOM_CONFIG=<redacted>"));
        assertThat(commands).noneMatch(c -> c.contains("mr-acme-frontend"));
        assertThat(plan.toString()).doesNotContain("German");
        List<Object> events = list(object(operator.get("/api/v1/instances/acme/events").body()).get("items"));
        assertThat((String) map(events.get(0)).get("message"))
                .contains("configOverrides.agents.assistant.role: Answers in French -> Answers in German");

        pass("acme");
        assertThat(env("mr-acme-backend", "MINDROOM_CONFIG")).contains("Answers in German");
    }
}
