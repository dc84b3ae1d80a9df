package chat.mindroom.operator.testing;

import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sandboxes that outlive operators, and a hosts file naming them: so a test can restart the
 * operator, run two replicas on one database, or point a fresh database at a populated host.
 */
public final class Fleet implements AutoCloseable {

    /** The secret key of every operator of a fleet, as a real deployment keeps one key. */
    public static final String SECRET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final Path dir;
    private final List<SandboxServer> sandboxes = new ArrayList<>();
    private final StringBuilder hosts = new StringBuilder("hosts:\n");

    public Fleet() {
        try {
            dir = Files.createTempDirectory("mindroom-fleet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a sandbox host named {@code name}. */
    public SandboxServer sandbox(String name, int capacity) {
        SandboxServer sandbox = SandboxServer.start(dir.resolve(name), 0, LatencyProfile.NONE, true);
        // A prepared host: letsencrypt has its e-mail (a fresh one has none; TlsIT covers that).
        sandbox.state().setLetsencryptGlobalEmail("ops@mindroom.test");
        sandboxes.add(sandbox);
        hosts.append("  - name: ").append(name).append("\n    address: 127.0.0.1\n    port: ").append(sandbox.port())
                .append("\n    privateKey: ").append(sandbox.clientKey()).append("\n    knownHosts: ")
                .append(sandbox.knownHosts()).append("\n    capacity: ").append(capacity)
                .append("\n    proxy: http://127.0.0.1:").append(sandbox.proxyPort()).append('\n');
        return sandbox;
    }

    /** Adds a host nobody answers on. */
    public void unreachable(String name, int capacity) {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            SandboxServer any = sandboxes.get(0);
            hosts.append("  - name: ").append(name).append("\n    address: 127.0.0.1\n    port: ").append(port)
                    .append("\n    privateKey: ").append(any.clientKey()).append("\n    knownHosts: ")
                    .append(any.knownHosts()).append("\n    capacity: ").append(capacity).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path hostsFile() {
        try {
            return Files.writeString(dir.resolve("hosts.yaml"), hosts.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operator on {@code database} for these hosts; the loop runs when {@code loop} is true. */
    public RunningOperator operator(JdbcTarget database, boolean loop, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("operator.hosts-file", hostsFile().toString());
        props.put("operator.reconcile.enabled", loop);
        props.put("operator.reconcile.resync-interval", "1s");
        // Tests that are not about the deletion brake tear down at once.
        props.put("operator.reconcile.deletion-settle", "0s");
        // ... and purge at once unless the test asks for a grace period (DELETE ?grace=).
        props.put("operator.reconcile.deletion-grace", "0s");
        props.put("operator.backup-dir", dir.resolve("backups").toString());
        props.put("operator.secret-key", SECRET_KEY);
        props.putAll(extra);
        return RunningOperator.start(database, props);
    }

    public Path backups() {
        return dir.resolve("backups");
    }

    @Override
    public void close() {
        sandboxes.forEach(SandboxServer::close);
    }
}
