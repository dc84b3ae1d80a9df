package chat.mindroom.operator.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Load benchmark of the Instance API on the embedded database: starts the operator in this JVM on
 * embedded defaults (or on DATABASE_URL when set), warms it up, then drives PUTs (every one a real
 * spec change after the first round) and GETs over loopback HTTP from a fixed number of keep-alive
 * connections, and prints throughput and latency percentiles. The load generator shares the two
 * cores with the server, so the figures are a floor for the server alone.
 *
 * <p>Options: {@code --instances=N --puts=N --gets=N --clients=N --warmup=N}
 */
public final class ApiLoadBenchmark {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final String[] TIERS = {"free", "starter", "professional", "enterprise"};

    private ApiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new HashMap<>(Map.of(
                "instances", 2000, "puts", 30000, "gets", 100000, "clients", 16, "warmup", 40000));
        for (String arg : args) {
            for (String word : arg.split("\\s+")) {
                if (word.startsWith("--") && word.contains("=")) {
                    String[] kv = word.substring(2).split("=", 2);
                    options.put(kv[0], Integer.parseInt(kv[1]));
                }
            }
        }
        Path dataDir = Files.createTempDirectory("mindroom-bench");
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("operator.data-dir", dataDir.toString());
        props.put("operator.api-tokens", "bench:write:" + TOKEN);
        props.put("operator.sandbox-port", 0);
        props.put("operator.reconcile.enabled", false);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            int port = server.getPort();
            int instances = options.get("instances");
            int clients = options.get("clients");
            AtomicInteger round = new AtomicInteger();

            // Every PUT is a real change: the memory override moves each time, and one round in four
            // also changes the tier (upgrades are rarer than limit changes in practice).
            IntFunction<byte[]> put = i -> {
                int name = i % instances;
                int pass = round.get() * 1000 + i / instances;
                String tier = TIERS[(pass / 4 + name) % TIERS.length];
                return LoopbackHttpConnection.request("PUT", "/api/v1/instances/bench-" + name, TOKEN,
                        "application/json", "{\"tier\":\"" + tier + "\",\"account\":\"acc_" + name
                                + "\",\"limits\":{\"memoryMb\":" + (256 + (pass % 7) * 64) + "}}");
            };
            IntFunction<byte[]> get = i -> LoopbackHttpConnection.request("GET", "/api/v1/instances/bench-"
                    + ThreadLocalRandom.current().nextInt(instances), TOKEN, null, null);

            System.out.printf(Locale.ROOT, "mindroom-operator API load benchmark: %d CPUs, %s %s, Java %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.arch"), System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "database: %s; %d instances; %d keep-alive connections;"
                            + " warm-up %d requests of each kind%n",
                    System.getenv("DATABASE_URL") == null ? "embedded PostgreSQL" : "DATABASE_URL", instances,
                    clients, options.get("warmup"));
            run(port, put, instances, clients);
            round.incrementAndGet();
            run(port, put, options.get("warmup"), clients);
            run(port, get, options.get("warmup"), clients);
            round.incrementAndGet();
            System.out.println();
            System.out.printf(Locale.ROOT, "%-5s %9s %8s %10s %8s %8s %8s %8s %7s%n",
                    "op", "requests", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
            print("PUT", run(port, put, options.get("puts"), clients), clients);
            print("GET", run(port, get, options.get("gets"), clients), clients);
        }
        System.exit(0);
    }

    private record Result(int requests, double seconds, long[] nanos, int errors) {
    }

    private static Result run(int port, IntFunction<byte[]> requests, int count, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] nanos = new long[count];
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                try (LoopbackHttpConnection connection = new LoopbackHttpConnection(port)) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        byte[] request = requests.apply(i);
                        long t0 = System.nanoTime();
                        int status = connection.exchange(request);
                        nanos[i] = System.nanoTime() - t0;
                        if (status >= 300) {
                            errors.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(count, seconds, nanos, errors.get());
    }

    private static void print(String op, Result r, int clients) {
        long[] sorted = r.nanos().clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-5s %9d %8d %10.0f %8.2f %8.2f %8.2f %8.2f %7d%n", op, r.requests(), clients,
                r.requests() / r.seconds(), pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6, r.errors());
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
