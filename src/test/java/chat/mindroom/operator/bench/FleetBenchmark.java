package chat.mindroom.operator.bench;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;

import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.ssh.SshTransport;
import chat.mindroom.operator.sandbox.DokkuSimulator;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The operator end to end (HTTP API, loop, SSH transport) against the sandbox at real Dokku
 * timings: one new instance against an imperative baseline, a batch of new instances, the steady
 * state of a converged fleet at several sizes, drift repair, and the wake-up from PUT to the first
 * Dokku command. Prints a table and writes docs/benchmarks.md.
 *
 * <p>Options: {@code --scale=1.0} (latency of scenarios 1 and 4), {@code --batch=100},
 * {@code --batch-scale=0.1} (the batch runs at a tenth of real time: its ratio to the ideal bound is
 * computed with the same scaled timings), {@code --steady=100,1000,5000}, {@code --drifts=50},
 * {@code --resync=10} (seconds, scenario 4), {@code --out=docs/benchmarks.md},
 * {@code --scenario=all} (or a comma list of one, batch, drift, steady: batch includes scenarios 4 and 5),
 * and for scenario 6 (every kind of drift on a converged fleet): {@code --fleet=1000}, {@code --per-kind=10},
 * {@code --inject-every=5} (seconds, on average), {@code --fleet-resync=15} (seconds),
 * {@code --full-observe=30m}.
 */
public final class FleetBenchmark {

    private static final String CHANNELS = "6";

    private final Path dir;
    private SandboxServer sandbox;
    private JdbcTarget database;
    private volatile Consumer<String> watcher = exec -> { };
    private final StringBuilder report = new StringBuilder();
    private final Map<String, String[]> summary = new java.util.LinkedHashMap<>();
    private int run;
    private boolean steadyHeader;

    private FleetBenchmark(Path dir) {
        this.dir = dir;
        freshHost("dokku-1");
    }

    /** A new, empty sandbox host and database. */
    private void freshHost(String name) {
        if (sandbox != null) {
            sandbox.close();
        }
        sandbox = SandboxServer.start(dir.resolve(name), 0, LatencyProfile.NONE, true);
        sandbox.onCommand(exec -> watcher.accept(exec));
        database = TestDatabase.fresh();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("scale", "1.0", "batch", "100", "batch-scale", "0.1",
                "steady", "100,1000,5000", "drifts", "50", "resync", "10", "runs", "1", "out", "docs/benchmarks.md"));
        options.putAll(Map.of("scenario", "all", "fleet", "1000", "per-kind", "10", "inject-every", "5",
                "fleet-resync", "15", "full-observe", "30m"));
        for (String arg : args) {
            for (String word : arg.split("\\s+")) {
                if (word.startsWith("--") && word.contains("=")) {
                    options.put(word.substring(2, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
                }
            }
        }
        FleetBenchmark bench = new FleetBenchmark(Files.createTempDirectory("mindroom-bench"));
        try {
            bench.run(options);
        } finally {
            bench.sandbox.close();
        }
        System.out.println(bench.report);
        Path out = Path.of(options.get("out"));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, bench.report.toString());
        System.exit(0);
    }

    private void run(Map<String, String> options) throws Exception {
        double scale = Double.parseDouble(options.get("scale"));
        double batchScale = Double.parseDouble(options.get("batch-scale"));
        int batch = Integer.parseInt(options.get("batch"));
        int drifts = Integer.parseInt(options.get("drifts"));
        int resync = Integer.parseInt(options.get("resync"));
        report.append("# mindroom-operator benchmarks\n\n");
        report.append(String.format(Locale.ROOT, "Machine: %d CPUs, %s %s, Java %s, %d MiB max heap. One sandbox Dokku"
                        + " host with " + CHANNELS + " SSH channels. Real Dokku 0.38.27 timings (dokku-facts section 0,"
                        + " plus 250 ms SSH per command): git:from-image 24 s, ps:restart 17 s, apps:create 4.8 s,"
                        + " postgres:create 8 s, redis:create 5 s, domains:set 5 s, letsencrypt:enable 6 s, reports"
                        + " 45 ms (ps:report 520 ms); a report over every app (no app name) adds 2 ms per app"
                        + " (assumed, see LatencyProfile). The operator, the sandbox and the load share this JVM.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));
        report.append("Command: `mvn -q test-compile exec:java -Dexec.mainClass=chat.mindroom.operator.bench"
                + ".FleetBenchmark -Dexec.args=\"" + String.join(" ", new java.util.TreeMap<>(options).entrySet().stream()
                .filter(e -> !e.getKey().equals("out")).map(e -> "--" + e.getKey() + "=" + e.getValue()).toList())
                + "\"` (the options this run used).\n\n");

        int summaryAt = report.length();
        int runs = Integer.parseInt(options.get("runs"));
        for (int run = 1; run <= runs; run++) {
            this.run = run - 1;
            if (runs > 1) {
                report.append(run > 1 ? "\n" : "").append("## Run ").append(run).append("\n\n");
            }
            if (run > 1) {
                freshHost("run" + run + "-fleet");
            }
            Set<String> scenarios = Set.of(options.get("scenario").split(","));
            boolean all = scenarios.contains("all");
            // Scenario 1 alone with its operator (no resync during it): every command counted is the instance's.
            if (all || scenarios.contains("one")) {
                try (RunningOperator operator = operator("1h")) {
                    sandbox.setLatency(new LatencyProfile(scale));
                    Thread.sleep(3000); // the start-up resync's host reads
                    oneInstance(operator, scale);
                }
            }
            if (all || scenarios.contains("batch")) {
                try (RunningOperator operator = operator(resync + "s")) {
                    sandbox.setLatency(new LatencyProfile(batchScale));
                    List<String> names = batch(operator, batch, batchScale);
                    sandbox.setLatency(new LatencyProfile(scale));
                    drift(operator, names, Math.min(drifts, names.size()), resync);
                    wakeUp(operator);
                }
            }
            if (all || scenarios.contains("drift")) {
                freshHost("run" + run + "-drift");
                sandbox.state().setLetsencryptGlobalEmail("ops@mindroom.test"); // so every app has TLS to lose
                fleetDrift(options);
            }
            // A fresh host and database, grown from size to size: the cost of a resync as the fleet grows.
            if (all || scenarios.contains("steady")) {
                freshHost("run" + run + "-steady");
                steadyHeader = false;
                try (RunningOperator operator = operator("1h")) {
                    List<String> names = new ArrayList<>();
                    for (String size : options.get("steady").split(",")) {
                        if (!size.isBlank()) {
                            steadyState(operator, names, Integer.parseInt(size.trim()));
                        }
                    }
                }
            }
        }
        report.insert(summaryAt, summaryTable(runs));
        report.append("\n").append(NOTES);
    }

    private static final String NOTES = """
            ## Reading these numbers

            - **How a pass observes.** A resync first takes each host's *snapshot*: `apps:list` before and
              after, `apps:report`, `resource:report`, `domains:report` and `storage:report` over every app
              (`--format json`, one JSON line per app) and one `<service>:list` per service plugin. A pass
              judges a converged instance from its last full observation with the snapshot laid over it and
              reads nothing more when nothing differs (depth *snapshot*). When something differs or the
              desired state changed, the known state suggests a plan (depth *targeted*): settings written
              whole (config keys, limits, domains) are written without reading, other changes to existing
              apps re-read just those apps. Everything else reads every report of every app (depth *full*):
              new instances (after one `apps:list` and the service lists), failures, and every instance at
              least once per `operator.reconcile.full-observe-interval` (30 min), because an app's
              environment, process state, links and certificates have no bulk report.
            - **The deep sweep.** A full observation of a starter instance is 16 reads (7 per app, 1 per
              service); at real timings about 0.35 s each on 6 channels that is ~0.9 s of host time per
              instance, ~15 min per 1,000 instances, spread over the 30-minute interval as background work
              that yields channels to edits and new instances. Scenario 3 measures the resync between sweeps.
            - **Drift no bulk report shows** (scenario 6). Each resync also reads the host's events log
              (`dokku events`: one read per host, the last 100 lines); a change trigger (`post-*`) on an
              `mr-*` app by any SSH key but the operator's marks that instance for a full read by its next
              pass. An env key, a stop, an unlink and a certificate removal are found that way; limits,
              domains, mounts, images and destroyed apps or services by the snapshot. A container that
              crashed leaves no line in the log and no trace in a bulk report: only the rotating full
              verification finds it, so its bound is the full-observe interval, not the resync. Every
              change, the operator's own writes included, logs about five lines; when more than 100 lines
              are written between two reads of the log, what fell in the gap waits for the full
              verification too (scenario 6 counts such reads).
            - **Priorities.** Passes an edit asked for overtake resync passes waiting for a worker; the
              commands of passes that only verify a converged instance are background and yield channels;
              slow commands (deploys, restarts, creates) may hold 5 of the 6 channels. Restarts run outside
              the pass, coalesced per app.
            - **Assumptions.** A report over every app is modelled as one report plus 2 ms per app (not
              measured on a real host with thousands of apps; the snapshot column of scenario 3 shows that
              share, so it can be rescaled). The batch runs at a tenth of real timings to keep the run short;
              its ratio uses the same timings. The operator, the sandbox and the load generator share one
              JVM and the machine's cores, so CPU and heap include the sandbox's share.
            - **The baseline's scope.** The imperative list configures the backend only. Of the operator's
              26 writes for a professional instance with Matrix, 7 do work the list leaves out (config and
              limits of the frontend and Matrix apps, the Matrix app's storage mount, the storage
              directories); on the list's own scope the operator writes 19 commands where the list writes
              20 (one `resource:limit` sets memory and CPU together), and reads 3 (the app and service
              lists) where the list reads nothing, because it never checks what already exists. So the
              target "fewer commands" is not met as counted (29 against 20): the operator does more.
            """;

    /** The headline numbers of every run beside their targets. */
    private String summaryTable(int runs) {
        StringBuilder table = new StringBuilder("## Summary\n\n| measure | target |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int run = 1; run <= runs; run++) {
            table.append(" run ").append(run).append(" |");
            rule.append("---|");
        }
        table.append("\n").append(rule).append("\n");
        summary.forEach((measure, values) -> {
            table.append("| ").append(measure).append(" |");
            for (int run = 0; run < runs; run++) {
                table.append(" ").append(run < values.length && values[run] != null ? values[run] : "").append(" |");
            }
            table.append("\n");
        });
        return table.append("\n").toString();
    }

    /** Records a headline number of the current run: {@code measure} is "what | target". */
    private void headline(String measure, String format, Object... args) {
        summary.computeIfAbsent(measure, k -> new String[8])[run] = String.format(Locale.ROOT, format, args);
    }

    private RunningOperator operator(String resync) throws Exception {
        return operator(resync, "30m");
    }

    private RunningOperator operator(String resync, String fullObserve) throws Exception {
        Path hosts = dir.resolve("hosts.yaml");
        Files.writeString(hosts, "hosts:\n  - name: dokku-1\n    address: 127.0.0.1\n    port: " + sandbox.port()
                + "\n    privateKey: " + sandbox.clientKey() + "\n    knownHosts: " + sandbox.knownHosts()
                + "\n    capacity: 100000\n    maxChannels: " + CHANNELS + "\n    proxy: http://127.0.0.1:"
                + sandbox.proxyPort() + "\n");
        Map<String, Object> props = new HashMap<>();
        props.put("operator.hosts-file", hosts.toString());
        props.put("operator.reconcile.enabled", true);
        props.put("operator.reconcile.resync-interval", resync);
        props.put("operator.reconcile.full-observe-interval", fullObserve);
        props.put("operator.backup-dir", dir.resolve("backups").toString());
        props.put("operator.secret-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        return RunningOperator.start(database, props);
    }

    // 1. One new instance, and the imperative baseline.

    private void oneInstance(RunningOperator operator, double scale) throws Exception {
        AtomicLong reads = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        watcher = exec -> (DokkuSimulator.isWrite(exec) ? writes : reads).incrementAndGet();
        long start = System.nanoTime();
        operator.put("/api/v1/instances/bench", "{\"tier\":\"professional\",\"matrix\":{\"enabled\":true}}");
        awaitReady(List.of("bench"), Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        watcher = exec -> { };
        int restarts = restarts("mr-bench-");

        long baseStart = System.nanoTime();
        int baseCommands = imperativeBaseline();
        double baseSeconds = (System.nanoTime() - baseStart) / 1e9;
        int baseRestarts = restarts("mr-base-");

        report.append(String.format(Locale.ROOT, "### 1. One new instance (professional, Matrix on; latency x %.2f)%n%n",
                scale));
        report.append("| | wall time to Ready | Dokku commands | writes | reads | restarts |\n|---|---|---|---|---|---|\n");
        report.append(String.format(Locale.ROOT, "| operator | %.1f s | %d | %d | %d | %d |%n", seconds,
                reads.get() + writes.get(), writes.get(), reads.get(), restarts));
        report.append(String.format(Locale.ROOT, "| imperative baseline | %.1f s | %d | %d | 0 | %d |%n%n",
                baseSeconds, baseCommands, baseCommands, baseRestarts));
        headline("1. one instance: time to Ready, operator vs imperative baseline | at least 2x faster",
                "%.1f s vs %.1f s (%.2fx)", seconds, baseSeconds, baseSeconds / seconds);
        headline("1. Dokku commands, operator vs baseline | fewer", "%d vs %d", reads.get() + writes.get(), baseCommands);
        headline("1. restarts beyond each app's first deploy | at most 1 per app", "%d", restarts);
        report.append(String.format(Locale.ROOT, "Speed-up: %.2fx. Restarts exclude each app's first deploy. The"
                + " operator also sets config and limits on the frontend and Matrix apps and gives Matrix its"
                + " storage, which the baseline's list leaves out (see the notes at the end).%n%n",
                baseSeconds / seconds));
    }

    /** Restarts of the apps named {@code prefix*}, beyond each app's first deploy. */
    private int restarts(String prefix) {
        int restarts = 0;
        for (String app : sandbox.state().appNames()) {
            if (app.startsWith(prefix)) {
                restarts += sandbox.state().restarts(app) - 1;
            }
        }
        return restarts;
    }

    /** The sequential command list of a classic imperative provisioner, through the same transport. */
    private int imperativeBaseline() {
        DokkuHost host = sandbox.host("dokku-1", 1000);
        List<List<String>> steps = new ArrayList<>(List.of(
                List.of("apps:create", "mr-base-backend"),
                List.of("postgres:create", "mr-base-db"),
                List.of("postgres:link", "mr-base-db", "mr-base-backend"),
                List.of("redis:create", "mr-base-redis"),
                List.of("redis:link", "mr-base-redis", "mr-base-backend"),
                List.of("config:set", "mr-base-backend", "MINDROOM_TIER=professional", "MINDROOM_INSTANCE=base"),
                List.of("resource:limit", "--memory", "2048m", "mr-base-backend"),
                List.of("resource:limit", "--cpu", "1", "mr-base-backend"),
                List.of("storage:mount", "mr-base-backend", "/var/lib/dokku/data/storage/mr-base:/app/data"),
                List.of("git:from-image", "mr-base-backend", "ghcr.io/mindroom/mindroom-backend:latest"),
                List.of("apps:create", "mr-base-frontend"),
                List.of("git:from-image", "mr-base-frontend", "ghcr.io/mindroom/mindroom-frontend:latest"),
                List.of("apps:create", "mr-base-matrix"),
                List.of("git:from-image", "mr-base-matrix", "ghcr.io/matrix-construct/tuwunel:v1.4.7"),
                List.of("domains:add", "mr-base-backend", "api.base.mindroom.chat"),
                List.of("domains:add", "mr-base-frontend", "base.mindroom.chat"),
                List.of("domains:add", "mr-base-matrix", "matrix.base.mindroom.chat")));
        for (String app : List.of("mr-base-backend", "mr-base-frontend", "mr-base-matrix")) {
            steps.add(List.of("letsencrypt:enable", app));
        }
        try (SshTransport ssh = new SshTransport(host)) {
            for (List<String> step : steps) {
                DokkuCommand.Builder command = DokkuCommand.of(step.get(0)).slow();
                step.subList(1, step.size()).forEach(a -> {
                    if (a.startsWith("--")) {
                        command.flag(a);
                    } else {
                        command.arg(a);
                    }
                });
                ssh.run(command.build(), Duration.ofMinutes(10));
            }
        }
        return steps.size();
    }

    // 2. A batch of new instances on one host.

    private List<String> batch(RunningOperator operator, int size, double scale) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            names.add(String.format(Locale.ROOT, "b%03d", i));
        }
        Map<String, long[]> perInstance = new ConcurrentHashMap<>();
        LatencyProfile latency = new LatencyProfile(scale);
        watcher = exec -> {
            String owner = FleetDrift.owner(exec);
            if (owner != null && owner.startsWith("b")) {
                String command = exec.split(" ")[0];
                long ms = latency.delay(command, false).toMillis();
                synchronized (perInstance) {
                    long[] totals = perInstance.computeIfAbsent(owner, k -> new long[2]);
                    totals[0] += ms;
                    totals[1]++;
                }
            }
        };
        long start = System.nanoTime();
        for (String name : names) {
            operator.put("/api/v1/instances/" + name, "{\"tier\":\"starter\"}");
        }
        awaitReady(names, Duration.ofMinutes(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        watcher = exec -> { };
        long sumMs = perInstance.values().stream().mapToLong(v -> v[0]).sum();
        long commands = perInstance.values().stream().mapToLong(v -> v[1]).sum();
        double channelBound = sumMs / 1000.0 / Integer.parseInt(CHANNELS);
        // The longest single-instance critical path: one instance alone, at the same timings.
        double critical = criticalPath(operator, scale);
        double ideal = Math.max(channelBound, critical);
        report.append(String.format(Locale.ROOT, "### 2. A batch of %d new instances (starter) on one host, %s channels"
                + " (latency x %.2f)%n%n", size, CHANNELS, scale));
        report.append("| wall time | Dokku commands | sum of command latencies / channels | critical path | ideal bound"
                + " | ratio |\n|---|---|---|---|---|---|\n");
        report.append(String.format(Locale.ROOT, "| %.1f s | %d | %.1f s | %.1f s | %.1f s | %.2fx |%n%n", seconds,
                commands, channelBound, critical, ideal, seconds / ideal));
        headline("2. batch of " + size + ": wall time / ideal bound | at most 1.3x", "%.2fx (%.1f s / %.1f s)",
                seconds / ideal, seconds, ideal);
        report.append(String.format(Locale.ROOT, "At x %.2f timings the batch takes a tenth of real time; the ratio is"
                + " computed from the same scaled timings (the operator's own costs do not shrink, so the"
                + " ratio at real timings is no worse). Slow commands may hold %s of the %s channels; one is kept"
                + " for reads.%n%n", scale, Integer.parseInt(CHANNELS) - 1, CHANNELS));
        return names;
    }

    private double criticalPath(RunningOperator operator, double scale) throws Exception {
        long start = System.nanoTime();
        operator.put("/api/v1/instances/critical", "{\"tier\":\"starter\"}");
        awaitReady(List.of("critical"), Duration.ofMinutes(10));
        return (System.nanoTime() - start) / 1e9;
    }

    // 4. Drift repair.

    private void drift(RunningOperator operator, List<String> names, int count, int resync) throws Exception {
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(42));
        Random random = new Random(7);
        Map<String, Long> injected = new ConcurrentHashMap<>();
        Map<String, Long> repaired = new ConcurrentHashMap<>();
        long repairMs = sandbox.latency().delay("resource:limit", false).toMillis();
        watcher = exec -> {
            if (exec.startsWith("resource:limit --memory 512m")) {
                String app = exec.substring(exec.lastIndexOf(' ') + 1);
                if (injected.containsKey(app)) {
                    repaired.putIfAbsent(app, System.nanoTime() + repairMs * 1_000_000);
                }
            }
        };
        List<Long> bySsh = new ArrayList<>();
        Map<String, Double> depthsBefore = depths(operator);
        try (RawSsh ssh = new RawSsh(sandbox)) {
            for (String name : shuffled.subList(0, count)) {
                Thread.sleep(random.nextInt(2 * resync * 1000 / 10 + 1));
                String app = "mr-" + name + "-backend";
                ssh.exec("resource:limit --memory 3g " + app);
                injected.put(app, System.nanoTime());
            }
            awaitAll(injected, repaired, Duration.ofMinutes(5));
        }
        injected.forEach((app, t) -> bySsh.add(repaired.getOrDefault(app, Long.MAX_VALUE) - t));
        Map<String, Double> depthsBetween = depths(operator);

        Map<String, Long> edited = new ConcurrentHashMap<>();
        Map<String, Long> applied = new ConcurrentHashMap<>();
        Map<String, Long> firstCommand = new ConcurrentHashMap<>();
        watcher = exec -> {
            String owner = FleetDrift.owner(exec);
            if (owner != null && edited.containsKey("mr-" + owner + "-backend")) {
                firstCommand.putIfAbsent(owner, System.nanoTime());
            }
            if (exec.startsWith("resource:limit --memory 768m")) {
                String app = exec.substring(exec.lastIndexOf(' ') + 1);
                if (edited.containsKey(app)) {
                    applied.putIfAbsent(app, System.nanoTime() + repairMs * 1_000_000);
                }
            }
        };
        List<String> editNames = shuffled.subList(shuffled.size() - count, shuffled.size());
        for (String name : editNames) {
            Thread.sleep(random.nextInt(2000));
            edited.put("mr-" + name + "-backend", System.nanoTime());
            operator.put("/api/v1/instances/" + name, "{\"tier\":\"starter\",\"limits\":{\"memoryMb\":768}}");
        }
        awaitAll(edited, applied, Duration.ofMinutes(5));
        watcher = exec -> { };
        Map<String, Double> depthsAfter = depths(operator);
        List<Long> byEdit = new ArrayList<>();
        edited.forEach((app, t) -> byEdit.add(applied.getOrDefault(app, Long.MAX_VALUE) - t));
        List<Long> wake = new ArrayList<>();
        for (String name : editNames) {
            wake.add(firstCommand.getOrDefault(name, Long.MAX_VALUE) - edited.get("mr-" + name + "-backend"));
        }

        report.append(String.format(Locale.ROOT, "### 4. Drift repair (%d changes each, resync interval %d s, over the"
                + " batch's instances)%n%n| change | p50 | p95 | max |%n|---|---|---|---|%n", count, resync));
        report.append(row("out of band (ssh `resource:limit` at random moments), repaired by the resync", bySsh, 1e9, "s"));
        headline("4. out-of-band drift repaired, p50 / p95 | p95 at most resync + 10 s = " + (resync + 10) + " s",
                "%s / %s", seconds(percentile(bySsh, 0.5)), seconds(percentile(bySsh, 0.95)));
        headline("4. edit of desired state applied, p50 / p95 | p95 at most 2 s", "%s / %s",
                seconds(percentile(byEdit, 0.5)), seconds(percentile(byEdit, 0.95)));
        report.append(row("as an edit of desired state (PUT at random moments), applied through NOTIFY", byEdit, 1e9,
                "s"));
        report.append(row("  of which: PUT to the edit's first Dokku command", wake, 1e6, "ms"));
        report.append("\nTime from the change to the host showing the desired limit again (the operator's"
                + " `resource:limit` completing). The restart that follows (17 s) is not counted.\n\n");
        report.append("Passes by observation depth (resync passes of the whole fleet included): while the out-of-band"
                + " changes were repaired " + difference(depthsBetween, depthsBefore) + "; while the edits were"
                + " applied " + difference(depthsAfter, depthsBetween) + ".\n\n");
    }

    /** Passes so far by observation depth ({@code mindroom_observations_total}). */
    private static Map<String, Double> depths(RunningOperator operator) {
        Map<String, Double> depths = new java.util.TreeMap<>();
        for (String line : operator.get("/prometheus").body().split("\n")) {
            if (line.startsWith("mindroom_observations_total{")) {
                int at = line.indexOf("depth=\"") + 7;
                depths.put(line.substring(at, line.indexOf('"', at)),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return depths;
    }

    private static String difference(Map<String, Double> after, Map<String, Double> before) {
        List<String> parts = new ArrayList<>();
        after.forEach((depth, n) -> parts.add(String.format(Locale.ROOT, "%s %.0f", depth,
                n - before.getOrDefault(depth, 0.0))));
        return String.join(", ", parts);
    }

    private static void awaitAll(Map<String, Long> started, Map<String, Long> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.keySet().containsAll(started.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    // 6. Every kind of drift on a converged fleet.

    private void fleetDrift(Map<String, String> options) throws Exception {
        int size = Integer.parseInt(options.get("fleet"));
        int resync = Integer.parseInt(options.get("fleet-resync"));
        String fullObserve = options.get("full-observe");
        Duration interval = Duration.parse("PT" + fullObserve.toUpperCase(Locale.ROOT));
        try (RunningOperator operator = operator(resync + "s", fullObserve)) {
            List<String> names = new ArrayList<>();
            long seedStart = System.nanoTime();
            grow(operator, names, size);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            sandbox.setLatency(LatencyProfile.REAL);
            // One resync at real timings before the changes: the host reads every pass starts from.
            AtomicLong reads = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            watcher = exec -> (DokkuSimulator.isWrite(exec) ? writes : reads).incrementAndGet();
            double passes = passes(operator);
            long start = System.nanoTime();
            int active = resyncNow(operator);
            awaitPasses(operator, passes + active);
            double resyncSeconds = (System.nanoTime() - start) / 1e9;
            watcher = exec -> { };
            Map<String, Double> depthsBefore = depths(operator);
            double signalsBefore = metric(operator, "mindroom_drift_signals_total");
            double gapsBefore = metric(operator, "mindroom_dokku_events_gaps_total");
            FleetDrift drift = new FleetDrift(sandbox, dir);
            long runStart = System.nanoTime();
            Map<DriftKind, List<FleetDrift.Sample>> samples = drift.run(names,
                    Integer.parseInt(options.get("per-kind")), Duration.ofSeconds(Long.parseLong(
                            options.get("inject-every"))), interval.plusMinutes(2), w -> watcher = w);
            double runMinutes = (System.nanoTime() - runStart) / 60e9;
            report.append(FleetDrift.section(samples, size, resync, interval, CHANNELS, seedSeconds,
                    String.format(Locale.ROOT, "%.1f s, %d reads, %d writes", resyncSeconds, reads.get(), writes.get()),
                    String.format(Locale.ROOT, "%.0f drift signals from the events log, %.0f reads of the log that"
                                    + " missed lines; passes by depth %s; %.1f min from the first change to the last"
                                    + " repair or the ceiling", metric(operator, "mindroom_drift_signals_total")
                                    - signalsBefore, metric(operator, "mindroom_dokku_events_gaps_total") - gapsBefore,
                            difference(depths(operator), depthsBefore), runMinutes)));
            samples.forEach((kind, list) -> headline("6. " + kind.label + ": repaired p50 / p95 | "
                            + (kind.seen == DriftKind.Seen.FULL_SWEEP ? "full-observe interval" : "resync + spread")
                            + " + full read + repair", "%s", FleetDrift.percentiles(list)));
        }
    }

    // 5. PUT to first Dokku command.

    private void wakeUp(RunningOperator operator) throws Exception {
        sandbox.setLatency(LatencyProfile.NONE);
        Map<String, Long> first = new ConcurrentHashMap<>();
        watcher = exec -> {
            String owner = FleetDrift.owner(exec);
            if (owner != null) {
                first.putIfAbsent(owner, System.nanoTime());
            }
        };
        // Let scenario 4's restarts (17 s, begun at real timings) finish: a new instance's creates are
        // slow commands and would otherwise wait for their channels.
        Thread.sleep(20_000);
        List<Long> wakeups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "wake" + i;
            long sent = System.nanoTime();
            operator.put("/api/v1/instances/" + name, "{\"tier\":\"free\"}");
            long deadline = sent + Duration.ofSeconds(30).toNanos();
            while (!first.containsKey(name) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            wakeups.add(first.getOrDefault(name, deadline) - sent);
            Thread.sleep(300);
        }
        watcher = exec -> { };
        report.append("### 5. PUT to first Dokku command (the edge wake-up)\n\n| | p50 | p95 | max |\n|---|---|---|---|\n");
        report.append(row("20 PUTs of new instances, instant Dokku answers", wakeups, 1e6, "ms"));
        headline("5. PUT to first Dokku command, p50 / p95 | p50 under 250 ms", "%.0f ms / %.0f ms",
                percentile(wakeups, 0.5) / 1e6, percentile(wakeups, 0.95) / 1e6);
        report.append("\nScenario 4 shows the same at real timings, with the fleet busy.\n\n");
    }

    // 3. Steady state.

    private void steadyState(RunningOperator operator, List<String> names, int size) throws Exception {
        if (!steadyHeader) {
            steadyHeader = true;
            report.append("### 3. Steady state: one full resync of a converged fleet (starter instances: 2 apps, 2"
                    + " services each)\n\n| instances | apps on the host | reads | of which events log | reads per instance"
                    + " | writes | snapshot | wall time | operator CPU | heap after GC |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|\n");
        }
        grow(operator, names, size);
        sandbox.setLatency(LatencyProfile.REAL);
        AtomicLong reads = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        AtomicLong eventReads = new AtomicLong();
        watcher = exec -> {
            (DokkuSimulator.isWrite(exec) ? writes : reads).incrementAndGet();
            if (exec.equals("events")) {
                eventReads.incrementAndGet();
            }
        };
        double snapshotsBefore = metric(operator, "mindroom_host_snapshot_duration_seconds_sum");
        long cpuBefore = cpuNanos();
        double passes = passes(operator);
        long start = System.nanoTime();
        int active = resyncNow(operator);
        awaitPasses(operator, passes + active);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = cpuNanos() - cpuBefore;
        watcher = exec -> { };
        double snapshot = metric(operator, "mindroom_host_snapshot_duration_seconds_sum") - snapshotsBefore;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        headline("3. full resync of " + active + " converged instances: wall time, reads (of which events log),"
                        + " writes per host | " + (active == 1000 ? "within 60 s; 0 writes" : "0 writes"),
                "%.1f s, %d (%d), %d", seconds, reads.get(), eventReads.get(), writes.get());
        String row = String.format(Locale.ROOT, "| %d | %d | %d | %d (%d ms) | %.3f | %d | %.1f s | %.1f s | %.1f s"
                        + " | %d MiB |%n", active, sandbox.state().appNames().size(), reads.get(), eventReads.get(),
                eventReads.get() * sandbox.latency().delay("events", false).toMillis(), reads.get() / (double) active,
                writes.get(), snapshot, seconds, cpu / 1e9, heap >> 20);
        report.append(row);
        System.out.print("steady: " + row); // as it comes: the largest size takes long
        sandbox.setLatency(LatencyProfile.NONE);
    }

    /** Grows the fleet to {@code size} starter instances at instant timings and lets it settle. */
    private void grow(RunningOperator operator, List<String> names, int size) throws Exception {
        sandbox.setLatency(LatencyProfile.NONE);
        for (int i = names.size(); i < size; i++) {
            String name = String.format(Locale.ROOT, "s%05d", i);
            names.add(name);
            if (operator.put("/api/v1/instances/" + name, "{\"tier\":\"starter\"}").statusCode() >= 300) {
                throw new IllegalStateException("PUT " + name + " failed");
            }
        }
        awaitReady(names, Duration.ofMinutes(60));
        // A resync that observes the new instances in full (their provisioning passes wrote), then one
        // in which every instance is judged from the snapshot: the fleet is in its steady state.
        for (int i = 0; i < 2; i++) {
            double passes = passes(operator);
            int active = resyncNow(operator);
            awaitPasses(operator, passes + active);
        }
    }

    private int resyncNow(RunningOperator operator) {
        var response = operator.send(operator.request("/api/v1/resync").POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("resync: " + response.statusCode() + " " + response.body());
        }
        return ((Number) object(response.body()).get("instances")).intValue();
    }

    private static double passes(RunningOperator operator) {
        double total = 0;
        for (String line : operator.get("/prometheus").body().split("\n")) {
            if (line.startsWith("mindroom_reconcile_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static double metric(RunningOperator operator, String name) {
        double total = 0;
        for (String line : operator.get("/prometheus").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static void awaitPasses(RunningOperator operator, double target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (passes(operator) < target && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // Waiting on the store (a measurement, not a way of driving the operator).

    private void awaitReady(List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count("phase = 'Ready' AND observed_generation = generation AND name = ANY(?)", names) < names.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("instances did not become Ready in " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private int count(String where, List<String> names) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user().orElse(null),
                database.password().orElse(null));
             var st = c.prepareStatement("SELECT count(*) FROM instances WHERE " + where)) {
            st.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String row(String label, List<Long> nanos, double unit, String suffix) {
        String format = suffix.equals("s") ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, "| %s | " + format + " %s | " + format + " %s | " + format + " %s |%n", label,
                percentile(nanos, 0.5) / unit, suffix, percentile(nanos, 0.95) / unit, suffix,
                percentile(nanos, 1.0) / unit, suffix);
    }
}
