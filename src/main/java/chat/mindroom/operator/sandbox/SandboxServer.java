package chat.mindroom.operator.sandbox;

import chat.mindroom.operator.dokku.DokkuHost;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A simulated Dokku host behind a real SSH server (Apache MINA SSHD) on 127.0.0.1: the default
 * target when no hosts file is configured, and the fixture of end-to-end tests and benchmarks.
 * Any SSH client may connect as {@code dokku} with any key (it is a loopback simulator), so drift
 * can be made by hand: {@code ssh -p PORT dokku@127.0.0.1 resource:limit --memory 1g mr-acme-backend}.
 *
 * <p>Its directory holds a persistent host key, a known_hosts file with that key, and a client key
 * for the operator (Ed25519 in OpenSSH format, like {@code ssh-keygen} makes), so the operator's SSH
 * path checks host keys and signs exactly as against a real host.
 */
public final class SandboxServer implements AutoCloseable {

    private static final AttributeRepository.AttributeKey<String> FINGERPRINT = new AttributeRepository.AttributeKey<>();


    private final SshServer server;
    private final DokkuSimulator simulator;
    private final ExecutorService executor;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> clientKeys = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Path knownHosts;
    private final Path clientKey;
    private volatile LatencyProfile latency;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private SandboxServer(SshServer server, DokkuSimulator simulator, ExecutorService executor, Path knownHosts,
                          Path clientKey, LatencyProfile latency) {
        this.server = server;
        this.simulator = simulator;
        this.executor = executor;
        this.knownHosts = knownHosts;
        this.clientKey = clientKey;
        this.latency = latency;
    }

    /**
     * Starts a sandbox whose keys live in {@code directory}, on {@code port} (0 for any free port).
     */
    public static SandboxServer start(Path directory, int port, LatencyProfile latency, boolean letsencrypt) {
        try {
            Files.createDirectories(directory);
            SandboxState state = new SandboxState(Clock.systemUTC(), letsencrypt);
            DokkuSimulator simulator = new DokkuSimulator(state);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "sandbox-dokku");
                t.setDaemon(true);
                return t;
            });
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(port);
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(directory.resolve("host_key"));
            hostKeys.setAlgorithm("EC");
            hostKeys.setKeySize(256);
            sshd.setKeyPairProvider(hostKeys);
            SandboxServer[] self = new SandboxServer[1];
            sshd.setPublickeyAuthenticator((user, key, session) -> {
                self[0].clientKeys.add(KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key));
                session.setAttribute(FINGERPRINT, KeyUtils.getFingerPrint(key));
                return "dokku".equals(user);
            });
            sshd.setCommandFactory((channel, command) -> new SandboxCommand(command, self[0], executor));
            Path knownHosts = directory.resolve("known_hosts");
            Path clientKey = directory.resolve("client_key");
            self[0] = new SandboxServer(sshd, simulator, executor, knownHosts, clientKey, latency);
            sshd.start();
            PublicKey hostPublic = hostKeys.loadKeys(null).iterator().next().getPublic();
            Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostPublic)
                    + "\n", StandardCharsets.UTF_8);
            ensureClientKey(clientKey);
            return self[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Dokku sandbox in " + directory, e);
        }
    }

    private static void ensureClientKey(Path clientKey) throws IOException {
        if (Files.exists(clientKey)) {
            return;
        }
        try {
            // What ssh-keygen makes by default: Ed25519 in OpenSSH format, readable by ssh -i.
            KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
            Files.createFile(clientKey,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            pair.writeOpenSSHv1PrivateKey(clientKey.toString());
            pair.writePublicKey(clientKey + ".pub", "mindroom-operator");
            pair.dispose();
        } catch (JSchException e) {
            throw new IOException("cannot generate the sandbox client key: " + e.getMessage(), e);
        }
    }

    /** The SSH key a session logged in with, as Dokku's events log names it. */
    static String who(Session session) {
        String fingerprint = session.getAttribute(FINGERPRINT);
        return "NAME=admin FINGERPRINT=" + (fingerprint == null ? "SHA256:unknown" : fingerprint);
    }

    public int port() {
        return server.getPort();
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public Path clientKey() {
        return clientKey;
    }

    /** The client keys offered to the sandbox so far, as {@code TYPE SHA256:FINGERPRINT}, oldest first. */
    public List<String> clientKeys() {
        return List.copyOf(clientKeys);
    }

    public SandboxState state() {
        return simulator.state();
    }

    public DokkuSimulator simulator() {
        return simulator;
    }

    public LatencyProfile latency() {
        return latency;
    }

    public void setLatency(LatencyProfile latency) {
        this.latency = latency;
    }

    /** Adds a fault; it applies to commands that arrive from now on. */
    public void inject(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    void enter() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** The most commands that were in flight at once since the last reset. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetMaxInFlight() {
        maxInFlight.set(inFlight.get());
    }

    /** Called with every exec string as it arrives (benchmarks time the first command of an instance). */
    public void onCommand(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    void arrived(String exec) {
        listeners.forEach(l -> l.accept(exec));
    }

    Fault faultFor(String exec) {
        for (Fault fault : faults) {
            if (fault.claim(exec)) {
                return fault;
            }
        }
        return null;
    }

    /** The host entry the operator uses for this sandbox. */
    public DokkuHost host(String name, int capacity) {
        return new DokkuHost(name, "127.0.0.1", port(), "dokku", Optional.of(clientKey), Optional.of(knownHosts),
                capacity, DokkuHost.Transport.SSH, DokkuHost.DEFAULT_MAX_CHANNELS);
    }

    /** A command a person can paste to talk to the sandbox. */
    public String sshCommand() {
        return "ssh -i " + clientKey + " -o UserKnownHostsFile=" + knownHosts + " -p " + port() + " dokku@127.0.0.1";
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            executor.shutdownNow();
        }
    }
}
