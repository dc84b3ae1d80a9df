package chat.mindroom.operator.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * This operator process among the replicas sharing one database: the name its leases are held
 * under and its events are signed with ({@code reconciler/<id>}), so the audit trail says which
 * replica acted.
 */
public final class Replica {

    private final String id;

    private Replica(String id) {
        this.id = id;
    }

    /**
     * {@code <host name>-<8 hex digits of the data directory's hash>}: readable, different for two
     * replicas (they have different machines or data directories), and the same after a restart, so
     * a replica that was killed takes its own leases back at once instead of waiting for them to
     * expire. Two processes must never share a data directory (the embedded database refuses it too).
     */
    public static Replica of(Path dataDirectory) {
        String host = hostName();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataDirectory.toAbsolutePath().normalize()
                    .toString().getBytes(StandardCharsets.UTF_8));
            return new Replica(host + "-" + HexFormat.of().formatHex(digest, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A replica with a random suffix (tests that run several in one process). */
    public static Replica create() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return new Replica(hostName() + "-" + HexFormat.of().formatHex(random));
    }

    private static String hostName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        } catch (UnknownHostException e) {
            host = "operator";
        }
        return host.length() > 40 ? host.substring(0, 40) : host;
    }

    public String id() {
        return id;
    }

    /** The actor this replica's own events carry. */
    public String actor() {
        return "reconciler/" + id;
    }

    @Override
    public String toString() {
        return id;
    }
}
