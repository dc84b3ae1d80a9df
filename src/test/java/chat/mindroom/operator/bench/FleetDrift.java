package chat.mindroom.operator.bench;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.RawSsh;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every kind of out-of-band drift, made over SSH with a person's own key at random moments on a
 * converged fleet, and the time until the host is as it was before the change. "As it was" is the
 * sandbox's description of the instance's apps and services ({@code SandboxState.describe}); the
 * moment of repair is when the operator command that restored it completed (its arrival plus its
 * latency), so a 24 s redeploy counts in full while the restart that follows a config change does not.
 */
final class FleetDrift {

    /** One injected change and what became of it. */
    static final class Sample {
        final DriftKind kind;
        final String instance;
        final String before;
        volatile long injectedAt;
        volatile long repairedAt;
        /** Whether the host was seen changed: until then an equal description proves nothing. */
        volatile boolean changed;
        volatile String error;
        /** The latest completion among operator commands on the instance since the injection. */
        final List<long[]> commands = Collections.synchronizedList(new ArrayList<>());

        Sample(DriftKind kind, String instance, String before) {
            this.kind = kind;
            this.instance = instance;
            this.before = before;
        }
    }

    private final SandboxServer sandbox;
    private final Path key;

    FleetDrift(SandboxServer sandbox, Path dir) throws Exception {
        this.sandbox = sandbox;
        this.key = dir.resolve("person_ecdsa");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        pair.writePrivateKey(key.toString());
        pair.dispose();
    }

    /**
     * Injects {@code perKind} changes of every kind, one every {@code every}, kinds interleaved, on
     * instances picked at random from {@code fleet}; waits until each is repaired or {@code ceiling}
     * after the first injection passed.
     */
    Map<DriftKind, List<Sample>> run(List<String> fleet, int perKind, Duration every, Duration ceiling,
                                     Consumer<Consumer<String>> watch) throws Exception {
        List<String> picked = new ArrayList<>(fleet);
        Collections.shuffle(picked, new Random(11));
        List<Sample> order = new ArrayList<>();
        Map<DriftKind, List<Sample>> byKind = new EnumMap<>(DriftKind.class);
        Random random = new Random(5);
        int next = 0;
        for (int round = 0; round < perKind; round++) {
            List<DriftKind> kinds = new ArrayList<>(List.of(DriftKind.values()));
            Collections.shuffle(kinds, random);
            for (DriftKind kind : kinds) {
                String instance = picked.get(next++);
                Sample sample = new Sample(kind, instance, sandbox.state().describe(prefix(instance)));
                order.add(sample);
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(sample);
            }
        }
        Map<String, Sample> active = new ConcurrentHashMap<>();
        Set<String> mine = ConcurrentHashMap.newKeySet();
        watch.accept(exec -> {
            if (mine.remove(exec)) {
                return;
            }
            String owner = owner(exec);
            Sample sample = owner == null ? null : active.get(owner);
            if (sample != null && sample.repairedAt == 0) {
                long now = System.nanoTime();
                long latency = sandbox.latency().delay(exec.split(" ")[0], false).toMillis();
                sample.commands.add(new long[] {now, now + latency * 1_000_000});
            }
        });
        ExecutorService injectors = Executors.newFixedThreadPool(4);
        Thread poller = new Thread(() -> poll(active), "drift-poller");
        poller.setDaemon(true);
        poller.start();
        try {
            for (Sample sample : order) {
                Thread.sleep(every.toMillis() / 2 + random.nextLong(every.toMillis() + 1));
                injectors.submit(() -> inject(sample, active, mine));
            }
            injectors.shutdown();
            injectors.awaitTermination(10, TimeUnit.MINUTES);
            long deadline = order.get(0).injectedAt + ceiling.toNanos();
            while (!active.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        } finally {
            poller.interrupt();
            watch.accept(exec -> { });
        }
        for (Sample sample : active.values()) {
            List<String> before = List.of(sample.before.split("\n"));
            List<String> now = List.of(sandbox.state().describe(prefix(sample.instance)).split("\n"));
            sample.error = sample.changed ? "not repaired; the host shows " + now.stream().filter(l -> !before
                    .contains(l)).toList() + " where it showed " + before.stream().filter(l -> !now.contains(l))
                    .toList() : "the change made no difference on the host";
        }
        for (Sample sample : order) {
            System.out.printf(Locale.ROOT, "drift %s %s: %s%n", sample.kind, sample.instance, sample.repairedAt == 0
                    ? sample.error : String.format(Locale.ROOT, "%.1f s", (sample.repairedAt - sample.injectedAt) / 1e9));
        }
        return byKind;
    }

    private void inject(Sample sample, Map<String, Sample> active, Set<String> mine) {
        try (RawSsh ssh = sample.kind == DriftKind.CONTAINER_DIED ? null : new RawSsh(sandbox, key)) {
            mine.addAll(sample.kind.commands(sample.instance));
            sample.injectedAt = System.nanoTime();
            active.put(sample.instance, sample);
            sample.kind.inject(ssh, sandbox.state(), sample.instance);
        } catch (RuntimeException e) {
            active.remove(sample.instance);
            sample.error = "injection failed: " + e.getMessage();
        }
    }

    /** Marks samples repaired as soon as the host describes their instance as before the change. */
    private void poll(Map<String, Sample> active) {
        while (!Thread.currentThread().isInterrupted()) {
            for (Sample sample : List.copyOf(active.values())) {
                long now = System.nanoTime();
                boolean same = sandbox.state().describe(prefix(sample.instance)).equals(sample.before);
                if (!sample.changed || !same) {
                    sample.changed |= !same;
                    continue;
                }
                long done = now;
                synchronized (sample.commands) {
                    for (long[] command : sample.commands) {
                        if (command[0] <= now) {
                            done = Math.max(done, command[1]);
                        }
                    }
                }
                sample.repairedAt = done;
                active.remove(sample.instance);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The report's section: per kind, samples repaired, p50, p95, max, and the design's bound. */
    static String section(Map<DriftKind, List<Sample>> samples, int size, int resync, Duration fullObserve,
                          String channels, double seedSeconds, String resyncBefore, String during) {
        double spread = Math.min(5.0, resync / 10.0);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "### 6. Every kind of out-of-band drift on a"
                + " converged fleet (%d starter instances on one host, %s channels, real timings; resync %d s,"
                + " full-observe interval %s)%n%n", size, channels, resync, minutes(fullObserve)));
        out.append(String.format(Locale.ROOT, "Each change is made over SSH with a person's own ECDSA key (not the"
                + " operator's), at random moments about every few seconds, kinds interleaved, each on a different"
                + " instance picked at random from the fleet; a container that died is set not running in the"
                + " sandbox without a Dokku command or an events-log line. Repaired: the host describes the"
                + " instance's apps and services (existence, env with service URLs as present, limits, domains,"
                + " mounts, image, running, TLS, links) as before the change, counted at the completion of the"
                + " operator command that made it so (a restart that follows is not counted). The fleet was"
                + " grown at instant timings (%.0f s), then switched to real timings; one resync of the converged"
                + " fleet before the changes: %s.%n%n", seedSeconds, resyncBefore));
        out.append("| change | found by | repaired | p50 | p95 | max | bound on finding it | p95 beyond the bound |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        List<String> problems = new ArrayList<>();
        samples.forEach((kind, list) -> {
            List<Long> times = repairTimes(list);
            boolean sweep = kind.seen == DriftKind.Seen.FULL_SWEEP;
            double boundSeconds = sweep ? fullObserve.toSeconds() : resync + spread;
            String bound = sweep ? "full-observe interval " + minutes(fullObserve)
                    : String.format(Locale.ROOT, "resync + spread = %.1f s", boundSeconds);
            String beyond = times.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f s",
                    times.get(Math.max(0, (int) Math.ceil(times.size() * 0.95) - 1)) / 1e9 - boundSeconds);
            out.append(String.format(Locale.ROOT, "| %s | %s | %d of %d | %s | %s | %s | %s | %s |%n", kind.label,
                    kind.seen.name().toLowerCase(Locale.ROOT).replace('_', ' '), times.size(), list.size(),
                    seconds(times, 0.5), seconds(times, 0.95), seconds(times, 1.0), bound, beyond));
            list.stream().filter(sample -> sample.error != null).limit(2).forEach(sample -> problems.add(kind.name()
                    + " on " + sample.instance + ": " + sample.error));
        });
        out.append(String.format(Locale.ROOT, "%nThe design's bound is on finding the change (a negative excess: found"
                + " and repaired within it); the pass then reads the"
                + " instance in full (16 reads, about 6 s at real timings when the channels are free) and repairs"
                + " it (a redeploy 24 s, a start 23 s, a re-created app its creates, deploy and certificate)."
                + " Snapshot, events-log and proxy kinds are found by the next resync (every %d s, passes spread"
                + " over %.1f s, after the host's snapshot, events-log read and proxy probe); whatever a gap in the"
                + " events log hides, by the rotating full verification, at most one full-observe interval after"
                + " the instance's last full read. Repairs of a burst of changes share the host's channels, so"
                + " the times also measure that queue. During the changes: %s.%n%n", resync, spread, during));
        if (!problems.isEmpty()) {
            out.append("Not repaired or not injected (at most two per kind shown):\n\n");
            problems.forEach(p -> out.append("- ").append(p.replace("\n", " / ")).append("\n"));
            out.append("\n");
        }
        return out.toString();
    }

    /** "p50 / p95 (repaired of injected)" of one kind. */
    static String percentiles(List<Sample> list) {
        List<Long> times = repairTimes(list);
        return String.format(Locale.ROOT, "%s / %s (%d of %d)", seconds(times, 0.5), seconds(times, 0.95),
                times.size(), list.size());
    }

    private static List<Long> repairTimes(List<Sample> list) {
        return list.stream().filter(s -> s.repairedAt != 0).map(s -> s.repairedAt - s.injectedAt).sorted().toList();
    }

    private static String seconds(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        long nanos = sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    static String prefix(String instance) {
        return "mr-" + instance + "-";
    }

    /** The instance an exec string is about: {@code mr-<instance>-...}. */
    static String owner(String exec) {
        int at = exec.indexOf(" mr-");
        if (at < 0) {
            return null;
        }
        int from = at + 4;
        int dash = exec.indexOf('-', from);
        return dash < 0 ? null : exec.substring(from, dash);
    }
}
