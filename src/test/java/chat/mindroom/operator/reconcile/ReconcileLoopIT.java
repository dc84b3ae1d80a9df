package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loop end to end: API -> store -> NOTIFY -> pass -> real SSH -> sandbox, and back into status. */
class ReconcileLoopIT {

    private static RunningOperator operator;
    private static SandboxServer sandbox;
    private static Path backups;

    @BeforeAll
    static void start() throws Exception {
        backups = Files.createTempDirectory("mindroom-backups");
        operator = RunningOperator.start(Map.of(
                "operator.reconcile.enabled", true,
                "operator.reconcile.resync-interval", "2s",
                "operator.backup-dir", backups.toString()));
        sandbox = operator.context().getBean(DokkuFleet.class).sandbox().orElseThrow();
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static Map<String, Object> waitFor(String name, Predicate<Map<String, Object>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            last = object(operator.get("/api/v1/instances/" + name).body());
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("instance " + name + " never reached the expected state; last: " + last);
    }

    private static Predicate<Map<String, Object>> readyAt(long generation) {
        return i -> "Ready".equals(map(i.get("status")).get("phase"))
                && Long.valueOf(generation).equals(map(i.get("status")).get("observedGeneration"));
    }

    private static String memoryOf(RawSsh ssh, String app) {
        return ssh.exec("resource:report " + app + " --format json").stdout();
    }

    @Test
    void provisionsRepairsDriftUpgradesAndDeletesWithABackup() throws Exception {
        assertThat(operator.put("/api/v1/instances/acme",
                "{\"tier\":\"starter\",\"matrix\":{\"enabled\":true}}").statusCode()).isEqualTo(201);
        Map<String, Object> ready = waitFor("acme", readyAt(1));
        assertThat(list(map(ready.get("status")).get("urls"))).contains("https://acme.mindroom.test");
        assertThat(map(ready.get("status")).get("host")).isEqualTo("sandbox");
        assertThat(sandbox.state().appNames()).containsExactly("mr-acme-backend", "mr-acme-frontend", "mr-acme-matrix");

        Map<String, Object> plan = object(operator.get("/api/v1/instances/acme/plan").body());
        assertThat(plan).containsEntry("converged", true).containsEntry("host", "sandbox");
        Map<String, Object> hosts = object(operator.get("/api/v1/hosts").body());
        assertThat(map(list(hosts.get("items")).get(0))).containsEntry("name", "sandbox").containsEntry("reachable", true)
                .containsEntry("dokkuVersion", "0.38.27").containsEntry("instances", 1L);

        // A converged instance: resync passes read but never write.
        long writes = sandbox.state().writeCount();
        Thread.sleep(4500);
        assertThat(sandbox.state().writeCount()).isEqualTo(writes);

        String adminPassword;
        try (RawSsh ssh = new RawSsh(sandbox)) {
            adminPassword = ssh.exec("config:get mr-acme-backend MINDROOM_ADMIN_PASSWORD").stdout().trim();
            assertThat(adminPassword).hasSizeGreaterThan(20);
            assertThat(memoryOf(ssh, "mr-acme-backend")).contains("\"_default_.limit.memory\":\"512m\"");
            ssh.exec("resource:limit --memory 1g mr-acme-backend");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (memoryOf(ssh, "mr-acme-backend").contains("1g") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(memoryOf(ssh, "mr-acme-backend")).contains("\"_default_.limit.memory\":\"512m\"");
        }

        // The repairing pass ends with a restart; its DriftRepaired event is written after it.
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!operator.get("/api/v1/instances/acme/events?limit=50").body().contains("DriftRepaired")
                && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        int backendRestarts = sandbox.state().restarts("mr-acme-backend");
        int frontendRestarts = sandbox.state().restarts("mr-acme-frontend");
        assertThat(operator.put("/api/v1/instances/acme",
                "{\"tier\":\"professional\",\"matrix\":{\"enabled\":true}}").statusCode()).isEqualTo(200);
        waitFor("acme", readyAt(2));
        assertThat(sandbox.state().restarts("mr-acme-backend")).isEqualTo(backendRestarts + 1);
        assertThat(sandbox.state().restarts("mr-acme-frontend")).isEqualTo(frontendRestarts);

        String uid = (String) object(operator.get("/api/v1/instances/acme").body()).get("uid");
        assertThat(operator.delete("/api/v1/instances/acme").statusCode()).isEqualTo(202);
        Await.until("acme is purged", () -> operator.get("/api/v1/instances/acme").statusCode() == 404);
        assertThat(sandbox.state().appNames()).isEmpty();
        // The final backup (database, Redis, volume) is stored before anything was destroyed.
        try (Stream<Path> parts = Files.walk(backups.resolve("acme"))) {
            List<Path> files = parts.filter(Files::isRegularFile).toList();
            assertThat(files).anySatisfy(f -> assertThat(new String(Files.readAllBytes(f), 0, 5,
                    StandardCharsets.US_ASCII)).isEqualTo("PGDMP"));
        }
        List<Object> events = list(object(operator.get("/api/v1/deleted-instances/" + uid + "/events?limit=1000")
                .body()).get("items"));
        assertThat(events).extracting(e -> map(e).get("reason")).contains("BackupCompleted", "DriftRepaired", "Purged");
        assertThat(events.toString()).doesNotContain(adminPassword);
        assertThat(operator.get("/api/v1/instances/acme").body()).doesNotContain(adminPassword);

        String metrics = operator.send(java.net.http.HttpRequest.newBuilder(operator.uri("/prometheus")).GET().build()).body();
        for (String metric : List.of("mindroom_reconcile_total{", "mindroom_reconcile_duration_seconds_bucket",
                "mindroom_dokku_commands_total{", "mindroom_dokku_command_duration_seconds_bucket",
                "mindroom_drift_repairs_total{kind=\"limits\"", "mindroom_instances{", "mindroom_convergence_seconds_bucket",
                "mindroom_queue_depth", "mindroom_hosts_up{host=\"sandbox\"", "mindroom_safety_brake_active",
                "mindroom_last_full_resync_timestamp_seconds")) {
            assertThat(metrics).as(metric).contains(metric);
        }
        assertThat(metrics).doesNotContain("acme");
    }
}
