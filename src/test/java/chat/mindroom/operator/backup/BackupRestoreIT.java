package chat.mindroom.operator.backup;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.reconcile.Reconciler;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backups and restores through the API against the SSH sandbox, with real bytes: what a restore
 * brings back is exactly what the backup read, and a damaged backup is refused before anything is
 * overwritten.
 */
class BackupRestoreIT {

    private Fleet fleet;
    private RunningOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private SandboxServer sandbox;

    /** An instance made Ready on the test's sandbox host (started with the operator on first use). */
    private BackupScenario ready(String name, String tier) throws InterruptedException {
        if (operator == null) {
            fleet = new Fleet();
            sandbox = fleet.sandbox("dokku-1", 10);
            operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        }
        return new BackupScenario(operator, sandbox.state().data(), name).ready(tier);
    }

    @Test
    void aBackupTakenThenRestoredAfterTheDataChangedBringsBackEveryByte() throws Exception {
        BackupScenario bk = ready("bkp", "starter");
        bk.fill(1);
        Map<String, String> saved = bk.snapshot();

        String id = bk.takeBackup();
        Map<String, Object> backup = bk.backup(id).orElseThrow();
        assertThat(backup).containsEntry("status", "complete").containsEntry("usable", true)
                .containsEntry("storage", "local").containsEntry("host", "dokku-1").containsEntry("tier", "starter");
        List<Map<String, Object>> parts = list(backup.get("parts")).stream().map(p -> map(p)).toList();
        assertThat(parts).extracting(p -> p.get("name"))
                .containsExactly("postgres-mr-bkp-db", "redis-mr-bkp-redis", "volume-mr-bkp");
        // The recorded checksums are those of what the host printed: the dump, the RDB file.
        assertThat(parts.get(1)).containsEntry("sha256", saved.get("redis")).containsEntry("sizeBytes", 9_000L);
        for (Map<String, Object> part : parts) {
            Path stored = Path.of((String) part.get("location"));
            assertThat(BackupScenario.sha256(Files.readAllBytes(stored))).isEqualTo(part.get("sha256"));
        }
        assertThat(bk.eventReasons()).contains("BackupStarted", "BackupPartStored", "BackupCompleted");

        bk.fill(2);
        assertThat(bk.snapshot()).isNotEqualTo(saved);
        sandbox.setLatency(new LatencyProfile(0.05));
        Set<String> commands = ConcurrentHashMap.newKeySet();
        sandbox.onCommand(commands::add);
        List<String> phases = new CopyOnWriteArrayList<>();
        HttpResponse<String> accepted = bk.restore(id);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Await.until("the restore ends", () -> {
            phases.add((String) bk.status().get("phase"));
            return !bk.condition("Restored").isEmpty() && !"False".equals(bk.condition("Restored").get("status"))
                    || bk.eventReasons().contains("RestoreFailed");
        });
        assertThat(bk.condition("Restored")).containsEntry("status", "True").containsEntry("reason", "Restored");
        assertThat(bk.status()).containsEntry("phase", "Ready");
        assertThat(phases).contains("Restoring");
        assertThat(bk.snapshot()).isEqualTo(saved);
        assertThat(bk.eventReasons()).contains("RestoreStarted", "RestoreVerified", "RestoredPart", "RestoreCompleted");
        assertThat(commands).anyMatch(c -> c.startsWith("ps:stop mr-bkp-backend"))
                .anyMatch(c -> c.startsWith("ps:start mr-bkp-backend"))
                .anyMatch(c -> c.startsWith("postgres:import mr-bkp-db"));
    }

    @Test
    void aDamagedBackupIsRefusedBeforeAnythingIsOverwrittenAndTheAppsKeepRunning() throws Exception {
        BackupScenario bk = ready("dmg", "starter");
        bk.fill(3);
        String id = bk.takeBackup();
        Map<String, Object> volume = list(bk.backup(id).orElseThrow().get("parts")).stream().map(p -> map(p))
                .filter(p -> "volume".equals(p.get("kind"))).findFirst().orElseThrow();
        Path stored = Path.of((String) volume.get("location"));
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 2] ^= 1;
        Files.write(stored, bytes);

        bk.fill(4);
        Map<String, String> now = bk.snapshot();
        Set<String> commands = ConcurrentHashMap.newKeySet();
        sandbox.onCommand(commands::add);
        assertThat(bk.restore(id).statusCode()).isEqualTo(202);
        Await.until("the restore fails", () -> bk.eventReasons().contains("RestoreFailed"));
        Map<String, Object> restored = bk.condition("Restored");
        assertThat(restored).containsEntry("status", "False").containsEntry("reason", "RestoreFailed");
        assertThat((String) restored.get("message")).contains("volume-mr-dmg is damaged")
                .contains("nothing was restored");
        assertThat(bk.snapshot()).isEqualTo(now);
        assertThat(commands).noneMatch(c -> c.startsWith("ps:stop") || c.contains(":import") || c.startsWith("run"));
    }

    @Test
    void anotherInstancesBackupIsRestoredOnlyWhenItsSourceIsNamedMakingAClone() throws Exception {
        BackupScenario source = ready("src", "starter");
        source.fill(5);
        Map<String, String> saved = source.snapshot();
        String id = source.takeBackup();
        BackupScenario clone = ready("cln", "starter");
        clone.fill(6);

        assertThat(clone.restore(id).statusCode()).as("not the clone's own backup").isEqualTo(404);
        assertThat(clone.post("/api/v1/instances/cln/restore", "{\"backup\":\"" + id + "\",\"from\":\"src\"}")
                .statusCode()).isEqualTo(202);
        Await.until("the clone is restored", () -> clone.eventReasons().contains("RestoreCompleted")
                || clone.eventReasons().contains("RestoreFailed"));
        assertThat(clone.condition("Restored")).containsEntry("status", "True");
        assertThat(clone.snapshot()).isEqualTo(saved);
        assertThat(source.snapshot()).isEqualTo(saved);
    }

    @Test
    void anInstanceCreatedWithRestoreFromStartsWithThatBackupsDataOnce() throws Exception {
        BackupScenario source = ready("orig", "starter");
        source.fill(7);
        Map<String, String> saved = source.snapshot();
        String id = source.takeBackup();

        HttpResponse<String> unknown = operator.put("/api/v1/instances/twin",
                "{\"tier\":\"starter\",\"restoreFrom\":\"20260101T000000Z-0\"}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("restoreFrom").contains("no backup 20260101T000000Z-0");
        assertThat(operator.get("/api/v1/instances/twin").statusCode()).as("nothing written").isEqualTo(404);

        String spec = "{\"tier\":\"starter\",\"restoreFrom\":\"" + id + "\"}";
        assertThat(operator.put("/api/v1/instances/twin", spec).statusCode()).isEqualTo(201);
        assertThat(operator.put("/api/v1/instances/twin", spec).statusCode()).as("the same spec again").isEqualTo(200);
        Reconciler reconciler = operator.context().getBean(Reconciler.class);
        reconciler.reconcile(new InstanceName("twin"));
        assertThat(reconciler.awaitRestarts(Await.CEILING)).isTrue();
        reconciler.reconcile(new InstanceName("twin"));
        BackupScenario twin = new BackupScenario(operator, sandbox.state().data(), "twin");
        assertThat(twin.status()).containsEntry("phase", "Ready");
        assertThat(twin.snapshot()).isNotEqualTo(saved);

        CloneRestores clones = operator.context().getBean(CloneRestores.class);
        assertThat(clones.tick()).isEqualTo(1);
        Await.until("the clone is restored", () -> !twin.condition("Restored").isEmpty()
                && !"False".equals(twin.condition("Restored").get("status")) || twin.eventReasons().contains("RestoreFailed"));
        assertThat(twin.condition("Restored")).containsEntry("status", "True");
        assertThat(twin.snapshot()).isEqualTo(saved);
        assertThat(twin.eventReasons()).contains("RestoreCompleted");
        twin.fill(8);
        assertThat(clones.tick()).as("a clone is restored once").isZero();

        HttpResponse<String> later = operator.put("/api/v1/instances/orig",
                "{\"tier\":\"starter\",\"restoreFrom\":\"" + id + "\"}");
        assertThat(later.statusCode()).as("not on a live instance").isEqualTo(422);
        assertThat(later.body()).contains("restoreFrom").contains("only be given when the instance is created");
    }

    @Test
    void listingNeedsTheReadScopeAndTakingOrRestoringTheWriteScope() throws Exception {
        BackupScenario bk = ready("scope", "free");
        HttpRequest.Builder read = HttpRequest.newBuilder(operator.uri("/api/v1/instances/scope/backups"))
                .header("Authorization", "Bearer " + RunningOperator.READ_TOKEN);
        assertThat(operator.send(read.GET().build()).statusCode()).isEqualTo(200);
        assertThat(operator.send(read.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("")).build()).statusCode()).isEqualTo(403);

        HttpResponse<String> unknown = bk.restore("20260101T000000Z-0");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("20260101T000000Z-0");
        HttpResponse<String> missing = bk.post("/api/v1/instances/scope/restore", "{\"id\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(object(missing.body()).toString()).contains("backup");
        assertThat(bk.post("/api/v1/instances/nobody/backups", "").statusCode()).isEqualTo(404);
        assertThat(bk.backups()).isEmpty();
    }
}
