package chat.mindroom.operator.backup;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.reconcile.Reconciler;
import chat.mindroom.operator.sandbox.SandboxData;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.RunningOperator;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** An instance made Ready on a sandbox host, its data, and the backup API calls the backup ITs make. */
final class BackupScenario {

    final RunningOperator operator;
    final SandboxData data;
    final String name;

    BackupScenario(RunningOperator operator, SandboxData data, String name) {
        this.operator = operator;
        this.data = data;
        this.name = name;
    }

    /** Creates the instance and reconciles it until it is Ready. */
    BackupScenario ready(String tier) throws InterruptedException {
        assertThat(operator.put("/api/v1/instances/" + name, "{\"tier\":\"" + tier + "\"}").statusCode())
                .isBetween(200, 201);
        Reconciler reconciler = operator.context().getBean(Reconciler.class);
        reconciler.reconcile(new InstanceName(name));
        assertThat(reconciler.awaitRestarts(Await.CEILING)).isTrue();
        reconciler.reconcile(new InstanceName(name));
        assertThat(status()).containsEntry("phase", "Ready");
        return this;
    }

    String db() {
        return "mr-" + name + "-db";
    }

    String redis() {
        return "mr-" + name + "-redis";
    }

    String volume() {
        return "/var/lib/dokku/data/storage/mr-" + name;
    }

    /** Fills database, Redis and volume with bytes that depend on {@code seed}; larger than one restore piece. */
    void fill(long seed) {
        Random random = new Random(seed);
        data.setService("postgres", db(), bytes(random, 20_000));
        data.setService("redis", redis(), bytes(random, 9_000));
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("memory.sqlite", bytes(random, 130_000));
        files.put("agents/notes-" + seed + ".txt", ("notes " + seed + "\n").getBytes());
        data.setFiles(volume(), files);
    }

    /** What the instance's data is now: a comparable snapshot of every byte. */
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        out.put("postgres", sha256(data.service("postgres", db())));
        out.put("redis", sha256(data.service("redis", redis())));
        data.files(volume()).forEach((path, content) -> out.put("volume:" + path, sha256(content)));
        return out;
    }

    String takeBackup() {
        HttpResponse<String> response = post("/api/v1/instances/" + name + "/backups", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = (String) object(response.body()).get("id");
        Await.until("backup " + id + " ends", () -> backup(id).map(b -> !"running".equals(b.get("status")))
                .orElse(false));
        return id;
    }

    Optional<Map<String, Object>> backup(String id) {
        return backups().stream().filter(b -> id.equals(b.get("id"))).findFirst();
    }

    List<Map<String, Object>> backups() {
        HttpResponse<String> response = operator.get("/api/v1/instances/" + name + "/backups");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return list(object(response.body()).get("items")).stream().map(i -> map(i)).toList();
    }

    HttpResponse<String> restore(String id) {
        return post("/api/v1/instances/" + name + "/restore", "{\"backup\":\"" + id + "\"}");
    }

    Map<String, Object> status() {
        return map(object(operator.get("/api/v1/instances/" + name).body()).get("status"));
    }

    Map<String, Object> condition(String type) {
        return list(status().get("conditions")).stream().map(c -> map(c)).filter(c -> type.equals(c.get("type")))
                .findFirst().orElse(Map.of());
    }

    List<String> eventReasons() {
        return list(object(operator.get("/api/v1/instances/" + name + "/events?limit=1000").body()).get("items"))
                .stream().map(e -> (String) map(e).get("reason")).toList();
    }

    HttpResponse<String> post(String path, String json) {
        return operator.post(path, json);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] out = new byte[size];
        random.nextBytes(out);
        return out;
    }
}
