package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxData;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DELETE is a soft delete, end to end with the loop running against the SSH sandbox: the instance
 * stops and keeps its data while Terminating, an undelete brings it back as it was, and after the
 * grace period a final backup is taken, everything is destroyed and the name is free for a new
 * instance, while the old one's events and backups stay readable under its uid.
 */
class SoftDeleteIT {

    private Fleet fleet;
    private SandboxServer sandbox;
    private RunningOperator op;

    @BeforeEach
    void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 10);
        op = fleet.operator(TestDatabase.fresh(), true, Map.of());
    }

    @AfterEach
    void stop() {
        op.close();
        fleet.close();
    }

    @Test
    void aDeletedInstanceStopsKeepsItsDataAndAnUndeleteBringsItBackAsItWas() {
        ready("keep");
        fill("keep", 1);
        String before = sandbox.state().describe("mr-keep-");
        String data = snapshot("keep");

        HttpResponse<String> deleted = op.delete("/api/v1/instances/keep?grace=1h");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        Map<String, Object> tombstoned = object(deleted.body());
        Instant purgeAt = Instant.parse((String) tombstoned.get("purgeAt"));
        assertThat(Duration.between(Instant.parse((String) tombstoned.get("deletionRequestedAt")), purgeAt))
                .isEqualTo(Duration.ofHours(1));
        Await.until("keep is Terminating with its apps stopped", () -> "Terminating".equals(phase("keep"))
                && !sandbox.state().describe("mr-keep-").contains("running=true")
                && String.valueOf(condition("keep", "Ready").get("message")).contains("undelete"));
        assertThat(condition("keep", "Ready")).containsEntry("status", "False").containsEntry("reason", "Terminating");
        assertThat((String) condition("keep", "Ready").get("message")).contains(purgeAt.toString()).contains("undelete");
        assertThat(sandbox.state().describe("mr-keep-")).as("stopped, nothing else changed")
                .isEqualTo(before.replace("running=true", "running=false"));
        assertThat(snapshot("keep")).isEqualTo(data);

        HttpResponse<String> restore = op.send(op.request("/api/v1/instances/keep/restore")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"backup\":\"20261204T000000Z-1\"}")).build());
        assertThat(restore.statusCode()).as("a restore would start the apps of a deleted customer").isEqualTo(409);

        HttpResponse<String> edit = op.put("/api/v1/instances/keep", "{\"tier\":\"professional\"}");
        assertThat(edit.statusCode()).isEqualTo(409);
        assertThat(object(edit.body()).get("detail").toString()).contains("undelete");

        HttpResponse<String> undeleted = post("/api/v1/instances/keep/undelete");
        assertThat(undeleted.statusCode()).as(undeleted.body()).isEqualTo(200);
        assertThat(object(undeleted.body())).containsEntry("deletionRequestedAt", null).containsEntry("purgeAt", null);
        Await.until("keep is Ready again", () -> "Ready".equals(phase("keep")));
        assertThat(sandbox.state().describe("mr-keep-")).isEqualTo(before);
        assertThat(snapshot("keep")).isEqualTo(data);
        assertThat(reasons("/api/v1/instances/keep/events")).containsSubsequence("Undeleted", "DeletionRequested");
        assertThat(post("/api/v1/instances/keep/undelete").statusCode()).as("idempotent").isEqualTo(200);
    }

    @Test
    void afterTheGracePeriodAFinalBackupIsTakenEverythingIsDestroyedAndTheNameIsFreeAgain() {
        Map<String, Object> first = ready("cycle");
        fill("cycle", 2);
        String env = sandbox.state().describe("mr-cycle-backend");

        assertThat(op.delete("/api/v1/instances/cycle?grace=4s").statusCode()).isEqualTo(202);
        Await.until("cycle is purged", () -> op.get("/api/v1/instances/cycle").statusCode() == 404);
        assertThat(sandbox.state().appNames()).noneMatch(a -> a.startsWith("mr-cycle-"));
        assertThat(sandbox.state().describe("mr-cycle-")).isEmpty();

        List<Object> archived = list(object(op.get("/api/v1/deleted-instances?name=cycle").body()).get("items"));
        assertThat(archived).hasSize(1);
        Map<String, Object> old = map(archived.get(0));
        assertThat(old).containsEntry("uid", first.get("uid")).containsEntry("name", "cycle");
        String uid = (String) old.get("uid");
        assertThat(reasons("/api/v1/deleted-instances/" + uid + "/events"))
                .containsSubsequence("Purged", "BackupCompleted", "PurgeStarted", "DeletionRequested", "Created");
        List<Object> backups = list(object(op.get("/api/v1/deleted-instances/" + uid + "/backups").body()).get("items"));
        assertThat(backups).hasSize(1);
        Map<String, Object> backup = map(backups.get(0));
        assertThat(backup).containsEntry("status", "complete").containsEntry("reason", "before deletion");
        assertThat(list(backup.get("parts"))).as("the final backup holds the Redis data as it was")
                .extracting(p -> map(p).get("sha256")).contains(lastRedis);

        HttpResponse<String> again = op.put("/api/v1/instances/cycle", "{\"tier\":\"starter\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        Map<String, Object> second = object(again.body());
        assertThat(second.get("uid")).isNotEqualTo(first.get("uid"));
        assertThat(second).containsEntry("generation", 1L);
        Await.until("the new cycle is Ready", () -> "Ready".equals(phase("cycle")));
        assertThat(sandbox.state().describe("mr-cycle-backend")).as("new generated secrets").isNotEqualTo(env);
        assertThat(reasons("/api/v1/instances/cycle/events")).doesNotContain("Purged", "DeletionRequested");
        assertThat(list(object(op.get("/api/v1/instances/cycle/backups").body()).get("items"))).isEmpty();
        assertThat(op.get("/api/v1/deleted-instances/" + second.get("uid")).statusCode()).isEqualTo(404);

        // The returning customer's data: the old instance's final backup is not the new one's own, so
        // it is restored only when the old instance is named (by uid, in any case), and then byte for byte.
        String finalBackup = (String) backup.get("id");
        HttpResponse<String> unnamed = op.post("/api/v1/instances/cycle/restore", "{\"backup\":\"" + finalBackup + "\"}");
        assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(404);
        assertThat(unnamed.body()).contains("an earlier instance named cycle").contains(uid).contains("from");
        HttpResponse<String> named = op.post("/api/v1/instances/cycle/restore",
                "{\"backup\":\"" + finalBackup + "\",\"from\":\"" + uid.toUpperCase(Locale.ROOT) + "\"}");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(202);
        Await.until("the old data is restored", () -> reasons("/api/v1/instances/cycle/events")
                .stream().anyMatch(r -> r.equals("RestoreCompleted") || r.equals("RestoreFailed")));
        assertThat(condition("cycle", "Restored")).containsEntry("status", "True");
        assertThat(sha256(data("cycle").service("redis", "mr-cycle-redis"))).isEqualTo(lastRedis);
        assertThat(map(list(object(op.get("/api/v1/deleted-instances/" + uid + "/backups").body()).get("items"))
                .get(0))).containsEntry("instance", "cycle").containsEntry("instanceUid", uid);
    }

    private String lastRedis;

    private Map<String, Object> ready(String name) {
        HttpResponse<String> created = op.put("/api/v1/instances/" + name, "{\"tier\":\"starter\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Await.until(name + " is Ready", () -> "Ready".equals(phase(name)));
        return object(op.get("/api/v1/instances/" + name).body());
    }

    private SandboxData data(String name) {
        return sandbox.state().data();
    }

    private void fill(String name, long seed) {
        Random random = new Random(seed);
        byte[] dump = new byte[5_000];
        random.nextBytes(dump);
        data(name).setService("postgres", "mr-" + name + "-db", dump);
        byte[] rdb = new byte[3_000];
        random.nextBytes(rdb);
        lastRedis = sha256(rdb);
        data(name).setService("redis", "mr-" + name + "-redis", rdb);
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("notes.txt", ("notes " + seed).getBytes());
        data(name).setFiles("/var/lib/dokku/data/storage/mr-" + name, files);
    }

    private String snapshot(String name) {
        StringBuilder out = new StringBuilder(sha256(data(name).service("postgres", "mr-" + name + "-db")));
        out.append(' ').append(sha256(data(name).service("redis", "mr-" + name + "-redis")));
        data(name).files("/var/lib/dokku/data/storage/mr-" + name).forEach((path, bytes) -> out.append(' ')
                .append(path).append('=').append(sha256(bytes)));
        return out.toString();
    }

    private String phase(String name) {
        HttpResponse<String> got = op.get("/api/v1/instances/" + name);
        return got.statusCode() == 200 ? (String) map(object(got.body()).get("status")).get("phase") : null;
    }

    private Map<String, Object> condition(String name, String type) {
        Map<String, Object> status = map(object(op.get("/api/v1/instances/" + name).body()).get("status"));
        return list(status.get("conditions")).stream().map(c -> map(c)).filter(c -> type.equals(c.get("type")))
                .findFirst().orElse(Map.of());
    }

    private List<String> reasons(String path) {
        HttpResponse<String> got = op.get(path + (path.contains("?") ? "&" : "?") + "limit=1000");
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return list(object(got.body()).get("items")).stream().map(e -> (String) map(e).get("reason")).toList();
    }

    private HttpResponse<String> post(String path) {
        return op.send(op.request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
