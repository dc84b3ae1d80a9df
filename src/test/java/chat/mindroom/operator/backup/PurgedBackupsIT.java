package chat.mindroom.operator.backup;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backups of a purged instance are kept for {@code OPERATOR_BACKUP_KEEP_AFTER_PURGE} after the
 * purge (here 8 s), then deleted from storage and listed as {@code deleted}; a live instance's
 * backups are not touched. The loop runs against the SSH sandbox; backups go to the local directory.
 */
class PurgedBackupsIT {

    private static final Duration KEEP = Duration.ofSeconds(8);

    private Fleet fleet;
    private RunningOperator op;

    @BeforeEach
    void start() {
        fleet = new Fleet();
        fleet.sandbox("dokku-1", 10);
        op = fleet.operator(TestDatabase.fresh(), true, Map.of("operator.backup.keep-after-purge", "8s",
                "operator.backup.schedule-tick", "1s", "operator.backup.schedule-enabled", false));
    }

    @AfterEach
    void stop() {
        op.close();
        fleet.close();
    }

    @Test
    void aPurgedInstancesBackupsAreDeletedFromStorageOnceKeptLongEnoughAndALiveOnesStay() {
        ready("gone");
        ready("kept");
        Map<String, Object> keptBackup = takeBackup("kept");
        Map<String, Object> goneBackup = takeBackup("gone");
        assertThat(files(goneBackup)).allMatch(Files::isRegularFile).isNotEmpty();

        assertThat(op.delete("/api/v1/instances/gone?grace=0").statusCode()).isEqualTo(202);
        Await.until("gone is purged", () -> op.get("/api/v1/instances/gone").statusCode() == 404);
        Map<String, Object> archived = map(list(object(op.get("/api/v1/deleted-instances?name=gone").body())
                .get("items")).get(0));
        String uid = (String) archived.get("uid");
        assertThat(Instant.parse((String) archived.get("backupsKeptUntil")))
                .isEqualTo(Instant.parse((String) archived.get("purgedAt")).plus(KEEP));

        Await.until("the purged instance's backups are deleted", () -> backups("/api/v1/deleted-instances/" + uid
                + "/backups").stream().allMatch(b -> "deleted".equals(b.get("status"))));
        List<Map<String, Object>> gone = backups("/api/v1/deleted-instances/" + uid + "/backups");
        assertThat(gone).extracting(b -> b.get("reason")).contains("before deletion");
        assertThat(gone).allSatisfy(b -> assertThat(b).containsEntry("usable", false));
        assertThat(files(goneBackup)).noneMatch(Files::exists);
        for (Map<String, Object> b : gone) {
            assertThat(files(b)).as("parts of %s", b.get("id")).noneMatch(Files::exists);
        }

        assertThat(backups("/api/v1/instances/kept/backups")).singleElement()
                .satisfies(b -> assertThat(b).containsEntry("status", "complete").containsEntry("id", keptBackup.get("id")));
        assertThat(files(keptBackup)).allMatch(Files::isRegularFile).isNotEmpty();
    }

    private void ready(String name) {
        assertThat(op.put("/api/v1/instances/" + name, "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        Await.until(name + " is Ready", () -> "Ready".equals(map(object(op.get("/api/v1/instances/" + name)
                .body()).get("status")).get("phase")));
    }

    private Map<String, Object> takeBackup(String name) {
        String id = (String) object(op.post("/api/v1/instances/" + name + "/backups", "").body()).get("id");
        Await.until("backup " + id + " is complete", () -> backups("/api/v1/instances/" + name + "/backups").stream()
                .anyMatch(b -> id.equals(b.get("id")) && "complete".equals(b.get("status"))));
        return backups("/api/v1/instances/" + name + "/backups").stream().filter(b -> id.equals(b.get("id")))
                .findFirst().orElseThrow();
    }

    private List<Map<String, Object>> backups(String path) {
        return list(object(op.get(path).body()).get("items")).stream().map(b -> map(b)).toList();
    }

    /** Where the parts of a backup lie in the local backup directory. */
    private List<Path> files(Map<String, Object> backup) {
        return list(backup.get("parts")).stream().map(p -> fleet.backups().resolve((String) map(p).get("location")))
                .toList();
    }
}
