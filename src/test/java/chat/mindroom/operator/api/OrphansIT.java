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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/hosts/{host}/orphans} against a sandbox host where a person made objects by
 * hand: a stray app for no instance (orphan), apps under a live instance's names that the operator
 * did not create (conflict), and an app not named like the operator's (counted, not listed).
 */
class OrphansIT {

    private static Optional<Map<String, Object>> entry(Map<String, Object> page, String name) {
        return list(page.get("items")).stream().map(e -> map(e)).filter(e -> name.equals(e.get("name"))).findFirst();
    }

    private static Map<String, Object> orphans(RunningOperator op) {
        HttpResponse<String> response = op.get("/api/v1/hosts/dokku-1/orphans");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return object(response.body());
    }

    @Test
    void strayAndConflictingObjectsAreListedFromTheResyncSnapshot() {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
            try (RawSsh person = new RawSsh(sandbox);
                 RunningOperator op = fleet.operator(TestDatabase.fresh(), true, Map.of())) {
                for (String command : new String[] {"apps:create mr-stray-backend", "postgres:create mr-stray-db",
                        "apps:create mr-clash-backend", "apps:create legacy-blog"}) {
                    assertThat(person.exec(command).exit()).as(command).isZero();
                }
                op.put("/api/v1/instances/keep", "{\"tier\":\"starter\"}");
                op.put("/api/v1/instances/clash", "{\"tier\":\"starter\"}");
                Await.until("keep Ready, clash in Conflict", () -> {
                    String keep = op.get("/api/v1/instances/keep").body();
                    String clash = op.get("/api/v1/instances/clash").body();
                    return keep.contains("\"phase\":\"Ready\"") && clash.contains("\"reason\":\"Conflict\"");
                });
                Await.until("the conflict in a snapshot after it was reported", () -> entry(orphans(op),
                        "mr-clash-backend").isPresent());

                HttpResponse<String> live = op.get("/api/v1/hosts/dokku-1/orphans");
                OpenApiSchemas doc = OpenApiSchemas.packaged();
                assertThat(doc.validate(doc.responseSchema("/api/v1/hosts/{host}/orphans", "get", 200,
                        "application/json"), OpenApiSchemas.tree(live.body()))).as("fits the documented schema").isEmpty();
                Map<String, Object> page = object(live.body());
                assertThat(page.get("host")).isEqualTo("dokku-1");
                assertThat(page.get("source")).as("answered from the loop's snapshot").isEqualTo("cached");
                assertThat(page.get("observedAt")).isNotNull();
                assertThat(entry(page, "mr-stray-backend")).get().satisfies(e -> {
                    assertThat(e.get("kind")).isEqualTo("app");
                    assertThat(e.get("instance")).isEqualTo("stray");
                    assertThat(e.get("status")).isEqualTo("orphan");
                    assertThat(e.get("reason")).isEqualTo("no instance named stray exists");
                });
                assertThat(entry(page, "mr-stray-db")).get().satisfies(e -> {
                    assertThat(e.get("kind")).isEqualTo("service");
                    assertThat(e.get("service")).isEqualTo("postgres");
                    assertThat(e.get("status")).isEqualTo("orphan");
                });
                assertThat(entry(page, "mr-clash-backend")).get().satisfies(e -> {
                    assertThat(e.get("instance")).isEqualTo("clash");
                    assertThat(e.get("status")).isEqualTo("conflict");
                    assertThat((String) e.get("reason")).contains("not managed by this operator");
                });
                assertThat(list(page.get("items")).stream().map(e -> String.valueOf(map(e).get("name"))))
                        .as("a healthy instance's objects are its own").noneMatch(n -> n.startsWith("mr-keep-"))
                        .noneMatch(n -> n.equals("legacy-blog"));
                assertThat(((Number) page.get("others")).longValue()).isGreaterThanOrEqualTo(1);

                HttpResponse<String> unknown = op.get("/api/v1/hosts/nowhere/orphans");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body()).contains("no Dokku host named nowhere");

                // Deleting the instance that was in conflict turns what it left behind into orphans.
                assertThat(op.delete("/api/v1/instances/clash").statusCode()).isEqualTo(202);
                Await.until("clash's app an orphan", () -> entry(orphans(op), "mr-clash-backend")
                        .map(e -> "orphan".equals(e.get("status"))).orElse(false));
                assertThat(String.valueOf(entry(orphans(op), "mr-clash-backend").get().get("reason")))
                        .contains("clash");
            }
        }
    }

    @Test
    void withoutTheLoopOneSnapshotIsReadAndThenReused() {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
            try (RawSsh person = new RawSsh(sandbox);
                 RunningOperator op = fleet.operator(TestDatabase.fresh(), false,
                         Map.of("operator.reconcile.resync-interval", "5m"))) {
                assertThat(person.exec("redis:create mr-lost-cache").exit()).isZero();
                Map<String, Object> first = orphans(op);
                assertThat(first.get("source")).isEqualTo("read-now");
                assertThat(entry(first, "mr-lost-cache")).get().satisfies(e -> {
                    assertThat(e.get("service")).isEqualTo("redis");
                    assertThat(e.get("status")).isEqualTo("orphan");
                });
                long commands = sandbox.state().commandCount();
                Map<String, Object> second = orphans(op);
                assertThat(second.get("source")).isEqualTo("cached");
                assertThat(second.get("observedAt")).isEqualTo(first.get("observedAt"));
                assertThat(sandbox.state().commandCount()).as("no SSH for the second request").isEqualTo(commands);
                HttpResponse<String> read = op.send(HttpRequest.newBuilder(op.uri("/api/v1/hosts/dokku-1/orphans"))
                        .header("Authorization", "Bearer " + RunningOperator.READ_TOKEN).GET().build());
                assertThat(read.statusCode()).as("the read scope is enough").isEqualTo(200);
                assertThat(read.body()).contains("mr-lost-cache");
            }
        }
    }
}
