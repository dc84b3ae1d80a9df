package chat.mindroom.operator.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the simulated Dokku host knows: apps, services, storage directories, installed
 * plugins. One lock guards it all, as Dokku's own per-app locks make commands on one host
 * effectively serial where they touch the same objects.
 */
public final class SandboxState {

    final Object lock = new Object();
    final TreeMap<String, SandboxApp> apps = new TreeMap<>();
    final TreeMap<String, SandboxService> postgres = new TreeMap<>();
    final TreeMap<String, SandboxService> redis = new TreeMap<>();
    final TreeSet<String> storageDirectories = new TreeSet<>();
    final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    volatile boolean letsencryptInstalled;
    final EventsLog events;
    /** {@code letsencrypt:set --global email}: empty on a fresh host, as on a real one. */
    volatile String letsencryptGlobalEmail = "";
    volatile String version = "v0.38.27-33-g33896f5d7";

    public SandboxState(Clock clock, boolean letsencryptInstalled) {
        this.clock = clock;
        this.letsencryptInstalled = letsencryptInstalled;
        this.events = new EventsLog(clock);
    }

    TreeMap<String, SandboxService> services(String kind) {
        return kind.equals("postgres") ? postgres : redis;
    }

    String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    int randomInt(int bound) {
        return random.nextInt(bound);
    }

    void countCommand(boolean write) {
        commands.incrementAndGet();
        if (write) {
            writes.incrementAndGet();
        }
    }

    /** Commands that changed (or tried to change) apps or services since the sandbox started; switching the events log on is not one. */
    public long writeCount() {
        return writes.get();
    }

    /** All commands answered since the sandbox started. */
    public long commandCount() {
        return commands.get();
    }

    public boolean letsencryptInstalled() {
        return letsencryptInstalled;
    }

    /** Sets the host-wide ACME e-mail, as {@code letsencrypt:set --global email ADDRESS} does. */
    public void setLetsencryptGlobalEmail(String email) {
        this.letsencryptGlobalEmail = email;
    }

    public void setLetsencryptInstalled(boolean installed) {
        this.letsencryptInstalled = installed;
    }

    /** The names of the apps on the host, sorted. */
    public java.util.List<String> appNames() {
        synchronized (lock) {
            return java.util.List.copyOf(apps.keySet());
        }
    }

    /** How often an app's containers were recreated (deploys, restarts, rebuilds, starts). */
    public int restarts(String app) {
        synchronized (lock) {
            SandboxApp a = apps.get(app);
            return a == null ? 0 : a.restarts;
        }
    }
}
