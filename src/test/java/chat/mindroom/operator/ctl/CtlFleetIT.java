package chat.mindroom.operator.ctl;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mindroomctl's {@code credentials}, {@code events --follow}, {@code hosts orphans},
 * {@code delete --grace} and {@code undelete} end to end against an operator whose loop runs on a
 * sandbox host.
 */
class CtlFleetIT {

    private static final String SECRETS_TOKEN = "secrets-token-0123456789abcdef";

    private static Fleet fleet;
    private static SandboxServer sandbox;
    private static RunningOperator operator;

    @BeforeAll
    static void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of("operator.api-tokens",
                "ci:write:" + RunningOperator.WRITE_TOKEN + ",viewer:read:" + RunningOperator.READ_TOKEN
                        + ",platform:secrets:" + SECRETS_TOKEN));
        assertThat(operator.put("/api/v1/instances/acme", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        Await.until("acme Ready", () -> "Ready".equals(map(object(operator.get("/api/v1/instances/acme").body())
                .get("status")).get("phase")));
    }

    @AfterAll
    static void stop() {
        operator.close();
        fleet.close();
    }

    private static Map<String, String> env(String token) {
        return Map.of("MINDROOM_SERVER", operator.uri("").toString(), "MINDROOM_TOKEN", token,
                "MINDROOM_CONFIG", "/nonexistent/config.yaml");
    }

    private static CtlRun ctl(String token, String... args) {
        return CtlRun.run(env(token), "", args);
    }

    private static String adminPassword() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(operator.uri("/api/v1/instances/acme/credentials").toString()))
                .header("Authorization", "Bearer " + SECRETS_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return String.valueOf(map(object(answer.body()).get("credentials")).get("adminPassword"));
    }

    @Test
    void credentialsNeedTheSecretsScope() throws Exception {
        CtlRun table = ctl(SECRETS_TOKEN, "credentials", "acme");
        assertThat(table.exit()).as(table.toString()).isZero();
        String password = adminPassword();
        assertThat(password).hasSizeGreaterThan(10);
        assertThat(table.out().lines().toList()).first().asString().startsWith("KEY");
        assertThat(table.out()).contains("adminPassword").contains(password).contains("MINDROOM_ADMIN_PASSWORD");

        CtlRun json = ctl(SECRETS_TOKEN, "credentials", "acme", "-o", "json");
        assertThat(json.exit()).isZero();
        assertThat(map(map(JsonDocument.parse(json.out())).get("credentials")).get("adminPassword")).isEqualTo(password);

        CtlRun writer = ctl(RunningOperator.WRITE_TOKEN, "credentials", "acme");
        assertThat(writer.exit()).isEqualTo(ExitCode.AUTH);
        assertThat(writer.err()).contains("secrets scope").doesNotContain(password);
        assertThat(ctl(SECRETS_TOKEN, "credentials", "nobody").exit()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void eventsFollowPrintsNewEventsAsTheyCome() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] exit = {-1};
        Thread follow = new Thread(() -> exit[0] = Mindroomctl.run(new String[] {"events", "--follow", "--instance",
            "acme", "--interval", "0.5", "--limit", "5"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, InputStream.nullInputStream(), env(RunningOperator.READ_TOKEN)));
        follow.start();
        Await.until("the recent events", () -> out.toString(StandardCharsets.UTF_8).contains("acme"));
        int before = (int) out.toString(StandardCharsets.UTF_8).lines().count();
        assertThat(before).isBetween(1, 5);
        assertThat(operator.send(operator.request("/api/v1/instances/acme/reconcile")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(202);
        Await.until("the repair request printed as it came", () -> out.toString(StandardCharsets.UTF_8).lines()
                .skip(before).anyMatch(l -> l.contains("acme") && l.contains("ci") && l.contains("Reconcile")));
        follow.interrupt();
        follow.join(60_000);
        assertThat(follow.isAlive()).isFalse();
        assertThat(exit[0]).isZero();
        long requests = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("ReconcileRequested"))
                .count();
        assertThat(requests).as("each event once").isEqualTo(1);
    }

    @Test
    void hostsOrphansListsAnAppMadeByHand() {
        try (RawSsh person = new RawSsh(sandbox)) {
            assertThat(person.exec("apps:create mr-forgotten-backend").exit()).isZero();
        }
        Await.until("the stray app listed", () -> ctl(RunningOperator.READ_TOKEN, "hosts", "orphans", "dokku-1")
                .out().contains("mr-forgotten-backend"));
        CtlRun run = ctl(RunningOperator.READ_TOKEN, "hosts", "orphans", "dokku-1");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().toList().get(0)).startsWith("KIND");
        assertThat(run.out()).contains("forgotten").contains("orphan").contains("no instance named forgotten exists")
                .doesNotContain("mr-acme-");
        assertThat(ctl(RunningOperator.READ_TOKEN, "hosts", "orphans", "nowhere").exit()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void deleteWithAGracePeriodThenUndelete() {
        assertThat(operator.put("/api/v1/instances/brief", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        CtlRun run = ctl(RunningOperator.WRITE_TOKEN, "delete", "brief", "--grace", "1h");
        assertThat(run.exit()).as(run.toString()).isZero();
        Map<String, Object> deleted = object(operator.get("/api/v1/instances/brief").body());
        assertThat(deleted.get("deletionRequestedAt")).isNotNull();
        assertThat(run.out()).isEqualTo("instance/brief deletion requested; purge at " + deleted.get("purgeAt") + "\n");

        CtlRun back = ctl(RunningOperator.WRITE_TOKEN, "undelete", "brief");
        assertThat(back.exit()).as(back.toString()).isZero();
        assertThat(back.out()).startsWith("instance/brief undeleted");
        Map<String, Object> live = object(operator.get("/api/v1/instances/brief").body());
        assertThat(live.get("deletionRequestedAt")).isNull();
        assertThat(live.get("purgeAt")).isNull();

        CtlRun badGrace = ctl(RunningOperator.WRITE_TOKEN, "delete", "brief", "--grace", "forever");
        assertThat(badGrace.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(badGrace.err()).contains("grace");
        assertThat(object(operator.get("/api/v1/instances/brief").body()).get("deletionRequestedAt")).isNull();
        assertThat(ctl(RunningOperator.WRITE_TOKEN, "undelete", "nobody").exit()).isEqualTo(ExitCode.NOT_FOUND);
    }
}
