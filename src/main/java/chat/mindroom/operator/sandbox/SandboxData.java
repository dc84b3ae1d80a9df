package chat.mindroom.operator.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bytes a simulated host keeps for its users: each service's data (what {@code postgres:export}
 * and {@code redis:export} print) and each storage directory's files (what a container that mounts
 * it sees). Tests change and read them to check that a restore brings back exactly what was saved.
 */
public final class SandboxData {

    /** Where {@code storage:ensure-directory NAME} creates its directory. */
    public static final String STORAGE_ROOT = "/var/lib/dokku/data/storage/";

    private final Map<String, byte[]> services = new HashMap<>();
    private final Map<String, TreeMap<String, byte[]>> volumes = new HashMap<>();

    /** The service's data: for postgres the database (its dump without the PGDMP header), for redis the RDB file. */
    public synchronized byte[] service(String kind, String name) {
        return services.computeIfAbsent(kind + "/" + name, k -> seed(kind, name)).clone();
    }

    public synchronized void setService(String kind, String name, byte[] data) {
        services.put(kind + "/" + name, data.clone());
    }

    synchronized void forgetService(String kind, String name) {
        services.remove(kind + "/" + name);
    }

    /** The files under a host directory (e.g. {@code /var/lib/dokku/data/storage/NAME}), by relative path. */
    public synchronized SortedMap<String, byte[]> files(String hostPath) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        volumes.getOrDefault(hostPath, new TreeMap<>()).forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public synchronized void writeFile(String hostPath, String relative, byte[] content) {
        volumes.computeIfAbsent(hostPath, k -> new TreeMap<>()).put(relative, content.clone());
    }

    /** Replaces everything under a host directory with {@code files}. */
    public synchronized void setFiles(String hostPath, SortedMap<String, byte[]> files) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((k, v) -> copy.put(k, v.clone()));
        volumes.put(hostPath, copy);
    }

    synchronized byte[] file(String hostPath, String relative) {
        byte[] content = volumes.getOrDefault(hostPath, new TreeMap<>()).get(relative);
        return content == null ? null : content.clone();
    }

    /** A new service's data: a few kilobytes that differ per service, as every real dump does. */
    private static byte[] seed(String kind, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (kind.equals("redis")) {
            out.writeBytes("REDIS0011".getBytes(StandardCharsets.US_ASCII));
        }
        for (int round = 0; round < 64; round++) {
            for (int b = 0; b < 256; b++) {
                out.write(b);
            }
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
