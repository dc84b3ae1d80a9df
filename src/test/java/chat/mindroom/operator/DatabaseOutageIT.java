package chat.mindroom.operator;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.store.EmbeddedDatabase;
import chat.mindroom.operator.testing.RunningOperator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database goes away under a running operator and comes back: requests are answered 503
 * problem+json promptly (a client giving up after 5 s fails the test), readiness says DOWN while
 * liveness stays UP, and everything works again, the reconcile loop included, without a restart.
 */
class DatabaseOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void anOutageIsAnswered503AndReadinessDownAndEverythingRecoversWhenTheDatabaseReturns() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, port);
        try (RunningOperator operator = RunningOperator.start(database.target("postgres"), Map.of(
                "operator.reconcile.enabled", true,
                "operator.reconcile.resync-interval", "2s"))) {
            assertThat(operator.put("/api/v1/instances/outage", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
            await("outage Ready at generation 1", () -> readyAt(operator, 1));
            assertThat(get(operator, "/health/readiness").statusCode()).isEqualTo(200);

            database.close();

            // Right after the stop the pool still holds the dead connections; once readiness has seen
            // the outage they are gone and requests wait the pool's connection timeout instead.
            assertAnswered503(operator, "right after the stop");
            await("readiness DOWN", () -> {
                HttpResponse<String> readiness = get(operator, "/health/readiness");
                return readiness.statusCode() == 503 && readiness.body().contains("DOWN");
            });
            assertAnswered503(operator, "with the pool empty");
            HttpResponse<String> liveness = get(operator, "/health/liveness");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(liveness.body()).contains("UP");

            database = EmbeddedDatabase.start(data, port);

            await("a PUT succeeds again", () -> operator.send(api(operator, "/api/v1/instances/outage")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"professional\"}")).build())
                    .statusCode() == 200);
            await("readiness UP", () -> get(operator, "/health/readiness").statusCode() == 200);
            // The reconcile loop lived through the outage: it applies the edit made after it.
            await("outage Ready at generation 2", () -> readyAt(operator, 2));
        } finally {
            database.close();
        }
    }

    private static void assertAnswered503(RunningOperator operator, String when) {
        for (HttpRequest request : new HttpRequest[] {
                api(operator, "/api/v1/instances/outage").GET().build(),
                api(operator, "/api/v1/instances").GET().build(),
                api(operator, "/api/v1/instances/outage").header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"professional\"}")).build()}) {
            long started = System.nanoTime();
            HttpResponse<String> response = operator.send(request);
            LOG.info("{} {} during the outage, {}: {} after {} ms", request.method(), request.uri().getPath(), when,
                    response.statusCode(), (System.nanoTime() - started) / 1_000_000);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            Map<String, Object> problem = object(response.body());
            assertThat(problem.get("type")).isEqualTo("https://mindroom.chat/problems/database-unavailable");
            assertThat(problem.get("status")).isEqualTo(503L);
        }
    }

    private static HttpRequest.Builder api(RunningOperator operator, String path) {
        return operator.request(path).timeout(CLIENT_TIMEOUT);
    }

    private static HttpResponse<String> get(RunningOperator operator, String path) {
        return operator.send(HttpRequest.newBuilder(operator.uri(path)).timeout(CLIENT_TIMEOUT).GET().build());
    }

    private static boolean readyAt(RunningOperator operator, long generation) {
        HttpResponse<String> response = operator.get("/api/v1/instances/outage");
        if (response.statusCode() != 200) {
            return false;
        }
        Map<String, Object> status = map(object(response.body()).get("status"));
        return "Ready".equals(status.get("phase")) && Long.valueOf(generation).equals(status.get("observedGeneration"));
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException stillFailing) {
                LOG.info("waiting for {}: {}", what, stillFailing.getMessage());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never happened within 120 s: " + what);
    }
}
