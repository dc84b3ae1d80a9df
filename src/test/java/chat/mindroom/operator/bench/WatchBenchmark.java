package chat.mindroom.operator.bench;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.object;

import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does a crowd of watchers slow the reconcile loop? Runs the operator (loop on, one sandbox host with
 * instant Dokku answers, so the loop is CPU-bound and shares the two cores with everything else) over
 * {@code --instances} converged instances, then for each count of {@code --watchers} opens that many
 * watch streams over loopback HTTP and, for {@code --window} seconds, edits a random instance
 * {@code --rate} times a second. Prints the loop's passes per second and mean pass duration (from
 * mindroom_reconcile_duration), PUT to Ready as a watcher sees it, and the delay from each PUT to every
 * watcher reading its MODIFIED event, and the CPU seconds spent over the window by the fan-out thread,
 * the HTTP server's event loops, the watcher clients and everything else. Watchers, load and operator
 * share this JVM.
 *
 * <p>Options: {@code --instances=200 --watchers=0,100,300 --window=30 --rate=10 --resync=5}
 */
public final class WatchBenchmark {

    private static final Pattern NAME = Pattern.compile("\"object\":\\{\"name\":\"([a-z0-9-]+)\",\"generation\":(\\d+)");
    private static final Pattern OBSERVED = Pattern.compile("\"phase\":\"([A-Za-z]+)\",\"observedGeneration\":(\\d+)");

    private final RunningOperator operator;
    private final HttpClient client = HttpClient.newHttpClient();
    /** "name generation" to the nanoTime its PUT was sent. */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> toReady = new ConcurrentLinkedQueue<>();

    private WatchBenchmark(RunningOperator operator) {
        this.operator = operator;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("instances", "200", "watchers", "0,100,300", "window", "30",
                "rate", "10", "resync", "5"));
        for (String arg : args) {
            for (String word : arg.split("\\s+")) {
                if (word.startsWith("--") && word.contains("=")) {
                    String[] kv = word.substring(2).split("=", 2);
                    options.put(kv[0], kv[1]);
                }
            }
        }
        int instances = Integer.parseInt(options.get("instances"));
        try (Fleet fleet = new Fleet()) {
            fleet.sandbox("dokku-1", instances + 10);
            try (RunningOperator operator = fleet.operator(TestDatabase.fresh(), true, Map.of(
                    "operator.reconcile.resync-interval", options.get("resync") + "s",
                    "operator.watch.bookmark-interval", "5s"))) {
                System.out.printf(Locale.ROOT, "mindroom-operator watch benchmark: %d CPUs, Java %s; %d instances"
                                + " (free), resync %s s, %s edits/s for %s s per row%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), instances,
                        options.get("resync"), options.get("rate"), options.get("window"));
                WatchBenchmark bench = new WatchBenchmark(operator);
                bench.converge(instances);
                System.out.printf(Locale.ROOT, "%n%8s %8s %9s %9s %9s %9s %9s %9s %9s %8s %7s %7s %7s %7s%n", "watchers", "passes/s",
                        "pass ms", "ready p50", "ready p95", "lag p50", "lag p95", "lag max", "events", "dropped", "fanout", "srv io", "client", "rest");
                for (String count : options.get("watchers").split(",")) {
                    bench.row(Integer.parseInt(count), instances, Integer.parseInt(options.get("window")),
                            Double.parseDouble(options.get("rate")));
                }
            }
        }
        System.exit(0);
    }

    private void converge(int instances) throws InterruptedException {
        for (int i = 0; i < instances; i++) {
            operator.put("/api/v1/instances/w-" + i, "{\"tier\":\"free\",\"limits\":{\"memoryMb\":256}}");
        }
        long start = System.nanoTime();
        while (ready() < instances) {
            Thread.sleep(1000);
        }
        System.out.printf(Locale.ROOT, "%d instances Ready after %.1f s%n", instances, (System.nanoTime() - start) / 1e9);
    }

    private int ready() {
        return list(object(operator.get("/api/v1/instances?phase=Ready&limit=1000").body()).get("items")).size();
    }

    private void row(int watchers, int instances, int window, double rate) throws Exception {
        sent.clear();
        lags.clear();
        toReady.clear();
        List<InputStream> streams = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(watchers + 1);
        AtomicInteger events = new AtomicInteger();
        // One probe watcher (always there) times PUT to Ready; the others time delivery only.
        for (int w = 0; w <= watchers; w++) {
            InputStream stream = client.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances?watch=true"))
                    .header("Authorization", "Bearer " + RunningOperator.READ_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body();
            streams.add(stream);
            boolean probe = w == 0;
            Thread reader = new Thread(() -> read(stream, probe, connected, events), "bench-watcher-" + w);
            reader.setDaemon(true);
            reader.start();
        }
        if (!connected.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("watchers did not get their listing");
        }
        MeterRegistry registry = operator.context().getBean(MeterRegistry.class);
        Timer passes = registry.get("mindroom.reconcile.duration").timer();
        double droppedBefore = registry.get("mindroom.watchers.dropped").counter().count();
        long count0 = passes.count();
        double total0 = passes.totalTime(TimeUnit.MILLISECONDS);
        events.set(0);
        Map<String, Double> cpu0 = cpuSeconds();
        Random random = new Random(watchers);
        long start = System.nanoTime();
        long period = (long) (1e9 / rate);
        int edits = 0;
        while (System.nanoTime() - start < window * 1_000_000_000L) {
            String name = "w-" + random.nextInt(instances);
            long t0 = System.nanoTime();
            String body = operator.put("/api/v1/instances/" + name, "{\"tier\":\"free\",\"limits\":{\"memoryMb\":"
                    + (256 + 64 * (1 + random.nextInt(8))) + "}}").body();
            sent.put(name + " " + object(body).get("generation"), t0);
            edits++;
            long next = start + edits * period;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpu = cpuSeconds();
        long passCount = passes.count() - count0;
        double passMs = passCount == 0 ? 0 : (passes.totalTime(TimeUnit.MILLISECONDS) - total0) / passCount;
        Thread.sleep(3000); // the last edits converge and reach every watcher
        for (InputStream stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                // already closed
            }
        }
        cpu.replaceAll((group, after) -> after - cpu0.getOrDefault(group, 0.0));
        System.out.printf(Locale.ROOT, "%8d %8.1f %9.1f %9s %9s %9s %9s %9s %9d %8.0f %7.1f %7.1f %7.1f %7.1f%n", watchers,
                passCount / seconds, passMs, ms(toReady, 50), ms(toReady, 95), ms(lags, 50), ms(lags, 95), ms(lags, 100),
                events.get(), registry.get("mindroom.watchers.dropped").counter().count() - droppedBefore,
                cpu.getOrDefault("fan-out", 0.0), cpu.getOrDefault("server io", 0.0), cpu.getOrDefault("clients", 0.0),
                cpu.getOrDefault("rest", 0.0));
    }

    /** Reads one stream; records when each edit's spec event (and, for the probe, its Ready) arrived. */
    private void read(InputStream stream, boolean probe, CountDownLatch connected, AtomicInteger events) {
        Map<String, Boolean> readySeen = new HashMap<>();
        boolean listed = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!listed && line.equals("event: BOOKMARK")) {
                    listed = true;
                    connected.countDown();
                }
                if (!listed || !line.startsWith("data: {\"type\":\"MODIFIED\"")) {
                    continue;
                }
                long now = System.nanoTime();
                events.incrementAndGet();
                Matcher name = NAME.matcher(line);
                Matcher status = OBSERVED.matcher(line);
                if (!name.find() || !status.find()) {
                    continue;
                }
                String key = name.group(1) + " " + name.group(2);
                Long t0 = sent.get(key);
                if (t0 == null) {
                    continue;
                }
                boolean converged = status.group(2).equals(name.group(2)) && status.group(1).equals("Ready");
                if (!converged && Long.parseLong(status.group(2)) < Long.parseLong(name.group(2))
                        && readySeen.putIfAbsent(key + " spec", true) == null) {
                    lags.add(now - t0);
                }
                if (probe && converged && readySeen.putIfAbsent(key, true) == null) {
                    toReady.add(now - t0);
                }
            }
        } catch (IOException e) {
            // closed at the end of the row
        }
    }

    /** CPU seconds of this JVM's live threads: the fan-out, the HTTP server's event loops, the watcher clients. */
    private static Map<String, Double> cpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> groups = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            String name = info.getThreadName();
            String group = name.equals("watch-fanout") ? "fan-out" : name.toLowerCase(Locale.ROOT).contains("eventloopgroup") ? "server io"
                    : name.startsWith("bench-watcher") || name.startsWith("HttpClient") ? "clients" : "rest";
            groups.merge(group, Math.max(0, nanos) / 1e9, Double::sum);
        }
        return groups;
    }

    private static String ms(ConcurrentLinkedQueue<Long> samples, double percentile) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return String.format(Locale.ROOT, "%.0f ms", sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6);
    }
}
