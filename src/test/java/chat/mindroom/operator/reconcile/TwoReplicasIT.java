package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one database, passes longer than the lease TTL (leases are renewed while a pass
 * runs, and every write is fenced), and one replica stopped half-way: every app and service is
 * created exactly once, and the events say which replica acted.
 */
class TwoReplicasIT {

    private static final int INSTANCES = 24;

    private Fleet fleet;
    private final List<RunningOperator> operators = new ArrayList<>();

    @AfterEach
    void stop() {
        operators.forEach(RunningOperator::close);
        fleet.close();
    }

    @Test
    void everyAppAndServiceIsCreatedExactlyOnceAcrossTwoReplicasAndAStop() throws Exception {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
        Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
        sandbox.onCommand(exec -> {
            String[] words = exec.split(" ");
            if (words.length > 1 && (words[0].equals("apps:create") || words[0].equals("postgres:create")
                    || words[0].equals("redis:create") || words[0].equals("git:from-image"))) {
                creates.computeIfAbsent(words[0] + " " + words[1], k -> new AtomicInteger()).incrementAndGet();
            }
        });
        // A pass takes several seconds at this scale (an apps:create 0.25-0.8 s, a deploy 1.1-1.3 s),
        // longer than the 3 s lease: without renewal and fencing both replicas would act. (The lease
        // must outlast the longest single command: a command in flight cannot be fenced.)
        sandbox.setLatency(new LatencyProfile(0.05));
        JdbcTarget db = TestDatabase.fresh();
        Map<String, Object> settings = Map.of("operator.reconcile.lease-ttl", "3s",
                "operator.reconcile.resync-interval", "2s");
        RunningOperator a = fleet.operator(db, true, settings);
        RunningOperator b = fleet.operator(db, true, settings);
        operators.add(a);
        operators.add(b);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            String name = "twin-" + i;
            names.add(name);
            (i % 2 == 0 ? a : b).put("/api/v1/instances/" + name, "{\"tier\":\"free\"}");
        }
        Await.until("a few instances Ready", () -> names.stream().filter(n -> "Ready".equals(phase(b, n))).count() >= 4);
        a.close();
        operators.remove(a);
        Await.until("every instance Ready", () -> names.stream().allMatch(n -> "Ready".equals(phase(b, n))));

        for (String name : names) {
            for (String key : List.of("apps:create mr-" + name + "-backend", "apps:create mr-" + name + "-frontend",
                    "postgres:create mr-" + name + "-db", "redis:create mr-" + name + "-redis",
                    "git:from-image mr-" + name + "-backend")) {
                assertThat(creates.get(key)).as(key).isNotNull();
                assertThat(creates.get(key).get()).as(key).isEqualTo(1);
            }
        }
        Set<String> actors = new TreeSet<>();
        for (String name : names) {
            list(object(b.get("/api/v1/instances/" + name + "/events?limit=200").body()).get("items")).stream()
                    .map(e -> String.valueOf(map(e).get("actor"))).filter(x -> x.startsWith("reconciler/"))
                    .forEach(actors::add);
        }
        assertThat(actors).as("events name the replica that acted").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(x -> x.matches("reconciler/[a-z0-9-]+-[0-9a-f]{8}"));
        System.out.println("TwoReplicasIT: creates " + creates.values().stream().map(AtomicInteger::get)
                .collect(Collectors.summingInt(Integer::intValue)) + " for " + INSTANCES + " instances; actors " + actors);
    }

    private static String phase(RunningOperator op, String name) {
        return String.valueOf(map(object(op.get("/api/v1/instances/" + name).body()).get("status")).get("phase"));
    }
}
