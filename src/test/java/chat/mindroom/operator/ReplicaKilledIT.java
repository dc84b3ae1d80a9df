package chat.mindroom.operator;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.JarProcess;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one database provision 50 instances; one of them, the shipped jar in a process of
 * its own, is killed with SIGKILL while it runs Dokku commands. The survivor takes its instances
 * over when their leases lapse, records what the dead one left running as Interrupted, and every app
 * and service is created exactly once. Latencies are the sandbox's real-Dokku timings scaled by 0.1
 * and the lease is 5 s, so passes outlast leases as they do at real timings with the default 5 min.
 */
class ReplicaKilledIT {

    private static final int INSTANCES = 50;
    private static final Path JAR = Path.of("target", "mindroom-operator.jar");

    @TempDir
    Path dir;

    @Test
    void fiftyInstancesAreCreatedExactlyOnceWhenAReplicaIsKilledMidway() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 200);
            Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
            sandbox.onCommand(exec -> {
                String[] words = exec.split(" ");
                if (words.length > 1 && List.of("apps:create", "postgres:create", "redis:create", "git:from-image")
                        .contains(words[0])) {
                    creates.computeIfAbsent(words[0] + " " + words[1], k -> new AtomicInteger()).incrementAndGet();
                }
            });
            sandbox.setLatency(new LatencyProfile(0.1));
            JdbcTarget db = TestDatabase.fresh();
            Map<String, Object> settings = Map.of("operator.reconcile.lease-ttl", "5s",
                    "operator.reconcile.resync-interval", "2s");
            try (RunningOperator survivor = fleet.operator(db, true, settings);
                 JarProcess doomed = JarProcess.start(JAR, List.of("-Xmx384m"), Map.of(
                         "DATABASE_URL", db.jdbcUrl(),
                         "DATABASE_USER", db.user().orElse(""),
                         "DATABASE_PASSWORD", db.password().orElse(""),
                         "OPERATOR_HOSTS_FILE", fleet.hostsFile().toString(),
                         "OPERATOR_DATA_DIR", dir.resolve("doomed").toString(),
                         "OPERATOR_SECRET_KEY", Fleet.SECRET_KEY,
                         "OPERATOR_PORT", String.valueOf(freePort()),
                         "OPERATOR_RECONCILE_LEASE_TTL", "5s",
                         "OPERATOR_RECONCILE_RESYNC_INTERVAL", "2s",
                         "OPERATOR_RECONCILE_DELETION_SETTLE", "0s"), dir.resolve("doomed.log"))) {
                Jdbi jdbi = Jdbi.create(db.jdbcUrl(), db.user().orElse(null), db.password().orElse(null));
                String survivorId = survivor.context().getBean(Replica.class).id();
                doomed.await("the jar's replica running its loop", Duration.ofMinutes(3),
                        () -> doomed.tail().contains("Reconcile loop started as"));
                List<String> names = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    names.add("k-" + i);
                    survivor.put("/api/v1/instances/k-" + i, "{\"tier\":\"free\"}");
                }
                doomed.await("the jar's replica running Dokku commands", Duration.ofMinutes(4),
                        () -> !replicasOtherThan(jdbi, survivorId, "SELECT DISTINCT replica FROM commands_in_flight")
                                .isEmpty());
                List<String> doomedIds = replicasOtherThan(jdbi, survivorId,
                        "SELECT DISTINCT replica FROM commands_in_flight");
                doomed.kill();

                Await.until("every instance Ready on the survivor", Duration.ofMinutes(8),
                        () -> names.stream().allMatch(n -> "Ready".equals(phase(survivor, n))));
                for (String name : names) {
                    for (String key : List.of("apps:create mr-" + name + "-backend", "apps:create mr-" + name
                            + "-frontend", "postgres:create mr-" + name + "-db", "redis:create mr-" + name + "-redis",
                            "git:from-image mr-" + name + "-backend", "git:from-image mr-" + name + "-frontend")) {
                        assertThat(creates.get(key)).as(key).isNotNull();
                        assertThat(creates.get(key).get()).as(key).isEqualTo(1);
                    }
                }
                Await.until("nothing of the dead replica left in flight", () -> replicasOtherThan(jdbi, survivorId,
                        "SELECT DISTINCT replica FROM commands_in_flight").isEmpty());
                int interrupted = jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM events WHERE reason = 'Interrupted'").mapTo(Integer.class).one());
                int byDoomed = jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(DISTINCT instance_name) FROM events WHERE actor = :a")
                        .bind("a", "reconciler/" + doomedIds.get(0)).mapTo(Integer.class).one());
                assertThat(byDoomed).as("the killed replica had acted").isPositive();
                System.out.println("ReplicaKilledIT: " + INSTANCES + " instances, " + creates.values().stream()
                        .mapToInt(AtomicInteger::get).sum() + " creates and deploys, each once; the killed replica"
                        + " had acted on " + byDoomed + " instances; " + interrupted + " commands recorded Interrupted");
            }
        }
    }

    private static List<String> replicasOtherThan(Jdbi jdbi, String id, String query) {
        return jdbi.withHandle(h -> h.createQuery(query).mapTo(String.class).list()).stream()
                .filter(r -> !r.equals(id)).toList();
    }

    private static String phase(RunningOperator op, String name) {
        return String.valueOf(map(object(op.get("/api/v1/instances/" + name).body()).get("status")).get("phase"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
