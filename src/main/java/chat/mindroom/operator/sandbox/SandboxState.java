package chat.mindroom.operator.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
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
    final SandboxData data = new SandboxData();
    /** {@code letsencrypt:set --global email}: empty on a fresh host, as on a real one. */
    volatile String letsencryptGlobalEmail = "";
    volatile String version = "v0.38.27-33-g33896f5d7";

    public SandboxState(Clock clock, boolean letsencryptInstalled) {
        this.clock = clock;
        this.letsencryptInstalled = letsencryptInstalled;
        this.events = new EventsLog(clock);
    }

    /** The services' data and the storage directories' files. */
    public SandboxData data() {
        return data;
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
    public List<String> appNames() {
        synchronized (lock) {
            return List.copyOf(apps.keySet());
        }
    }

    /** How often an app's containers were recreated (deploys, restarts, rebuilds, starts). */
    public int restarts(String app) {
        synchronized (lock) {
            SandboxApp a = apps.get(app);
            return a == null ? 0 : a.restarts;
        }
    }

    /**
     * The app's containers stop on their own (a crash, an OOM kill): it is no longer running, and
     * nothing is written to the events log, as no Dokku command ran. Returns whether the app exists.
     */
    public boolean containerDied(String app) {
        synchronized (lock) {
            SandboxApp a = apps.get(app);
            if (a != null) {
                a.running = false;
            }
            return a != null;
        }
    }

    /**
     * The app's process keeps running but stops accepting connections (hung, or listening on the
     * wrong port): {@code ps:report} still says running, the host's nginx answers 502. A restart or
     * deploy starts a process that listens again. Returns whether the app exists.
     */
    public boolean stopsListening(String app) {
        synchronized (lock) {
            SandboxApp a = apps.get(app);
            if (a != null) {
                a.listening = false;
            }
            return a != null;
        }
    }

    /**
     * What a user of the apps and services named {@code prefix*} would notice, one line each: existence,
     * env (values as hashes; service URLs as present, since a recreated service has a new password), limits, domains,
     * mounts, image, running, TLS, and each service's links. Container ids, timestamps and restart
     * counts are left out. Equal descriptions mean the same working state.
     */
    public String describe(String prefix) {
        StringBuilder out = new StringBuilder();
        synchronized (lock) {
            for (SandboxApp a : apps.subMap(prefix, prefix + Character.MAX_VALUE).values()) {
                TreeMap<String, String> env = new TreeMap<>(a.env);
                // Values as a short hash: secrets stay out of whatever prints this.
                env.replaceAll((k, v) -> k.endsWith("_URL") ? "(set)" : Integer.toHexString(v.hashCode()));
                out.append("app ").append(a.name).append(" env=").append(env).append(" resources=")
                        .append(a.resources).append(" domains=").append(a.vhosts).append(" mounts=")
                        .append(a.attachments.stream().map(m -> m.hostPath() + ":" + m.containerPath()).toList())
                        .append(" image=").append(a.gitSourceImage).append(" running=").append(a.running)
                        .append(" tls=").append(a.letsencrypt).append('\n');
            }
            for (TreeMap<String, SandboxService> kind : List.of(postgres, redis)) {
                for (SandboxService s : kind.subMap(prefix, prefix + Character.MAX_VALUE).values()) {
                    out.append(s.kind).append(' ').append(s.name).append(" links=").append(s.links).append('\n');
                }
            }
        }
        return out.toString();
    }
}
