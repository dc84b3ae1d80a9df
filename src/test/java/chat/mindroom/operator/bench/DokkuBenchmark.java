package chat.mindroom.operator.bench;

import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.RemoteDokkuClient;
import chat.mindroom.operator.dokku.ssh.SshTransport;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.spec.ServiceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of the SSH transport against the sandbox with zero simulated latency, sequential and
 * with 6 concurrent channels over one session, and the cost of a full observation of one instance
 * (commands and wall time), at zero and at real Dokku latencies.
 * Options: {@code --commands=N --observations=N}
 */
public final class DokkuBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DokkuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commands = 3000;
        int observations = 200;
        for (String arg : args) {
            for (String word : arg.split("\\s+")) {
                if (word.startsWith("--commands=")) {
                    commands = Integer.parseInt(word.substring(11));
                } else if (word.startsWith("--observations=")) {
                    observations = Integer.parseInt(word.substring(15));
                }
            }
        }
        Path dir = Files.createTempDirectory("mindroom-dokku-bench");
        try (SandboxServer sandbox = SandboxServer.start(dir, 0, LatencyProfile.NONE, true)) {
            DokkuHost host = sandbox.host("sandbox", 100);
            System.out.printf(Locale.ROOT, "mindroom-operator Dokku transport benchmark: %d CPUs, Java %s, sandbox"
                    + " over SSH on loopback, one session, %d channels%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), host.maxChannels());
            try (SshTransport transport = new SshTransport(host)) {
                DokkuCommand report = DokkuCommand.of("apps:list").flag("--format").arg("json").build();
                run(transport, report, 500, 1);
                run(transport, report, 500, host.maxChannels());
                System.out.printf(Locale.ROOT, "%n%-32s %8s %10s %8s %8s%n", "transport", "commands", "cmd/s", "p50 ms",
                        "p99 ms");
                print("sequential (1 at a time)", run(transport, report, commands, 1));
                print("concurrent (" + host.maxChannels() + " channels)", run(transport, report, commands,
                        host.maxChannels()));
            }
            try (RemoteDokkuClient client = new RemoteDokkuClient("sandbox", new SshTransport(host))) {
                provision(client);
                List<String> apps = List.of("mr-bench-backend", "mr-bench-frontend", "mr-bench-matrix");
                Map<String, ServiceKind> services = Map.of("mr-bench-db", ServiceKind.POSTGRES,
                        "mr-bench-redis", ServiceKind.REDIS);
                client.observe(apps, services);
                System.out.printf(Locale.ROOT, "%n%-32s %8s %10s %8s %8s%n", "full observation of one instance",
                        "commands", "obs/s", "p50 ms", "p99 ms");
                for (double scale : new double[] {0, 1}) {
                    sandbox.setLatency(new LatencyProfile(scale));
                    int rounds = scale == 0 ? observations : 5;
                    long before = sandbox.state().commandCount();
                    long[] nanos = new long[rounds];
                    long start = System.nanoTime();
                    for (int i = 0; i < rounds; i++) {
                        long t0 = System.nanoTime();
                        client.observe(apps, services);
                        nanos[i] = System.nanoTime() - t0;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long perObservation = (sandbox.state().commandCount() - before) / rounds;
                    Arrays.sort(nanos);
                    System.out.printf(Locale.ROOT, "%-32s %8d %10.1f %8.1f %8.1f%n",
                            scale == 0 ? "3 apps + 2 services, no latency" : "3 apps + 2 services, real latency",
                            perObservation, rounds / seconds, pct(nanos, 50), pct(nanos, 99));
                }
            }
        }
        System.exit(0);
    }

    private static void provision(RemoteDokkuClient client) {
        for (String app : List.of("mr-bench-backend", "mr-bench-frontend", "mr-bench-matrix")) {
            client.createApp(app);
            client.setConfig(app, new TreeMap<>(Map.of("MINDROOM_MANAGED_BY", "mindroom-operator",
                    "MINDROOM_INSTANCE", "bench", "MINDROOM_TIER", "professional")), Set.of());
            client.setLimits(app, "2048m", "1");
            client.setDomains(app, List.of(app.replace("mr-bench-", "") + ".bench.mindroom.chat"));
            client.deployImage(app, "ghcr.io/mindroom/" + app + ":v1");
        }
        client.ensureStorage("mr-bench");
        client.mount("mr-bench-backend", "/var/lib/dokku/data/storage/mr-bench", "/app/data");
        client.createService(ServiceKind.POSTGRES, "mr-bench-db");
        client.createService(ServiceKind.REDIS, "mr-bench-redis");
        client.link(ServiceKind.POSTGRES, "mr-bench-db", "mr-bench-backend");
        client.link(ServiceKind.REDIS, "mr-bench-redis", "mr-bench-backend");
    }

    private record Result(int count, double seconds, long[] nanos) {
    }

    private static Result run(SshTransport transport, DokkuCommand command, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long[] nanos = new long[count];
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    if (transport.run(command, TIMEOUT).exitCode() != 0) {
                        throw new IllegalStateException("command failed");
                    }
                    nanos[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return new Result(count, (System.nanoTime() - start) / 1e9, nanos);
    }

    private static void print(String label, Result r) {
        long[] sorted = r.nanos().clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-32s %8d %10.0f %8.2f %8.2f%n", label, r.count(), r.count() / r.seconds(),
                pct(sorted, 50), pct(sorted, 99));
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
