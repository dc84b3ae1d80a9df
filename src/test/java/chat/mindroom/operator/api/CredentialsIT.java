package chat.mindroom.operator.api;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials handover through the real API, PostgreSQL and the SSH sandbox: only the secrets scope
 * reads or rotates; the value read is the one the app runs with; a rotation reaches the app with one
 * config:set and one restart; a retried rotation (same Idempotency-Key) rotates nothing again; every
 * call is an event naming the token; nothing else shows the value.
 */
class CredentialsIT {

    private static final String SECRETS_TOKEN = "secrets-token-0123456789abcdef";
    private static final String BACKEND = "mr-acme-backend";

    private Fleet fleet;
    private RunningOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        fleet.close();
    }

    private HttpResponse<String> call(String token, String method, String path, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(operator.uri(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return operator.send(request.build());
    }

    private static String envOf(SandboxServer sandbox, String key) {
        try (RawSsh ssh = new RawSsh(sandbox)) {
            return ssh.exec("config:get " + BACKEND + " " + key).stdout().strip();
        }
    }

    private boolean ready() {
        return "Ready".equals(map(object(operator.get("/api/v1/instances/acme").body()).get("status")).get("phase"));
    }

    @Test
    void theSecretsScopeReadsAndRotatesTheAdminPasswordAndNothingElseShowsIt() {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of("operator.api-tokens",
                "ci:write:" + RunningOperator.WRITE_TOKEN + ",viewer:read:" + RunningOperator.READ_TOKEN
                        + ",platform:secrets:" + SECRETS_TOKEN));
        assertThat(operator.put("/api/v1/instances/acme", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        Await.until("acme Ready", this::ready);

        String path = "/api/v1/instances/acme/credentials";
        assertThat(call(RunningOperator.WRITE_TOKEN, "GET", path, null).statusCode()).isEqualTo(403);
        assertThat(call(RunningOperator.READ_TOKEN, "GET", path, null).statusCode()).isEqualTo(403);
        assertThat(call(RunningOperator.WRITE_TOKEN, "POST", path + "/adminPassword/rotate", null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> read = call(SECRETS_TOKEN, "GET", path, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Cache-Control")).contains("no-store");
        String password = (String) map(object(read.body()).get("credentials")).get("adminPassword");
        assertThat(password).isNotBlank().isEqualTo(envOf(sandbox, "MINDROOM_ADMIN_PASSWORD"));
        assertThat(map(object(read.body()).get("credentials"))).doesNotContainKey("matrixRegistrationSecret");
        // The secrets scope reads instances too, but does not write them.
        assertThat(call(SECRETS_TOKEN, "GET", "/api/v1/instances/acme", null).statusCode()).isEqualTo(200);
        assertThat(call(SECRETS_TOKEN, "DELETE", "/api/v1/instances/acme", null).statusCode()).isEqualTo(403);
        assertThat(call(SECRETS_TOKEN, "GET", "/api/v1/instances/nope/credentials", null).statusCode())
                .isEqualTo(404);
        HttpResponse<String> unknownKey = call(SECRETS_TOKEN, "POST", path + "/databaseUrl/rotate", null);
        assertThat(unknownKey.statusCode()).isEqualTo(404);
        assertThat(unknownKey.headers().firstValue("Cache-Control")).contains("no-store");

        List<String> backendWrites = new CopyOnWriteArrayList<>();
        sandbox.onCommand(exec -> {
            if (exec.contains(BACKEND) && (exec.contains("config:set") || exec.contains("ps:restart"))) {
                backendWrites.add(exec.substring(0, exec.indexOf(BACKEND)).strip());
            }
        });
        int restartsBefore = sandbox.state().restarts(BACKEND);
        HttpResponse<String> rotated = call(SECRETS_TOKEN, "POST", path + "/adminPassword/rotate", "signup-42");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
        String fresh = (String) object(rotated.body()).get("value");
        assertThat(fresh).isNotBlank().isNotEqualTo(password);
        assertThat(object(rotated.body())).containsEntry("replayed", false);
        HttpResponse<String> retried = call(SECRETS_TOKEN, "POST", path + "/adminPassword/rotate", "signup-42");
        assertThat(object(retried.body())).containsEntry("value", fresh).containsEntry("replayed", true);

        Await.until("the app runs with the new password", () -> fresh.equals(envOf(sandbox, "MINDROOM_ADMIN_PASSWORD")));
        Await.until("acme Ready again", () -> ready() && sandbox.state().restarts(BACKEND) > restartsBefore);
        assertThat(backendWrites.stream().filter(c -> c.contains("config:set")).count()).isEqualTo(1);
        assertThat(sandbox.state().restarts(BACKEND)).isEqualTo(restartsBefore + 1);

        String events = operator.get("/api/v1/instances/acme/events?limit=1000").body();
        List<Map<String, Object>> audit = list(object(events).get("items")).stream().map(e -> map(e))
                .filter(e -> ((String) e.get("reason")).startsWith("Credential")).toList();
        assertThat(audit).extracting(e -> e.get("reason")).containsExactly("CredentialRotationRepeated",
                "CredentialRotated", "CredentialsRead");
        assertThat(audit).allSatisfy(e -> assertThat(e).containsEntry("actor", "platform"));
        for (String elsewhere : List.of(events, operator.get("/api/v1/instances/acme").body(),
                operator.get("/api/v1/instances/acme/plan").body(), operator.get("/api/v1/instances").body(),
                operator.get("/prometheus").body())) {
            assertThat(elsewhere).doesNotContain(password).doesNotContain(fresh).doesNotContain(SECRETS_TOKEN);
        }
    }
}
