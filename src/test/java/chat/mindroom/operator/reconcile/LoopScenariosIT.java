package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.Fault;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop itself: backoff, unreachable hosts, several replicas, release rollouts, safety brakes. */
class LoopScenariosIT {

    private Fleet fleet;
    private SandboxServer sandbox;
    private final List<RunningOperator> operators = new ArrayList<>();

    @BeforeEach
    void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 100);
    }

    @AfterEach
    void stop() {
        operators.forEach(RunningOperator::close);
        fleet.close();
    }

    private RunningOperator operator(chat.mindroom.operator.store.JdbcTarget db, boolean loop, Map<String, Object> extra) {
        RunningOperator operator = fleet.operator(db, loop, extra);
        operators.add(operator);
        return operator;
    }

    private static Map<String, Object> status(RunningOperator op, String name) {
        return map(object(op.get("/api/v1/instances/" + name).body()).get("status"));
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static Predicate<Map<String, Object>> phase(String phase) {
        return s -> phase.equals(s.get("phase"));
    }

    @Test
    void aFailingCommandBacksOffWithoutBlockingOtherInstances() throws Exception {
        RunningOperator op = operator(TestDatabase.fresh(), true, Map.of());
        sandbox.inject(Fault.fail("mr-broken-", 1, " !     simulated failure\n", -1));
        op.put("/api/v1/instances/broken", "{\"tier\":\"starter\"}");
        op.put("/api/v1/instances/healthy", "{\"tier\":\"starter\"}");
        await("healthy Ready", () -> phase("Ready").test(status(op, "healthy")));
        await("broken retried", () -> ((Long) status(op, "broken").get("attempts")) >= 2);
        Map<String, Object> broken = status(op, "broken");
        assertThat(map(broken.get("lastError"))).containsEntry("code", "COMMAND_FAILED");
        assertThat(broken.get("nextAttemptAt")).isNotNull();
        Thread.sleep(3000);
        long attempts = (Long) status(op, "broken").get("attempts");
        assertThat(attempts).as("1 s doubling: about 3 attempts in ~4 s, not dozens").isLessThanOrEqualTo(5);
        sandbox.clearFaults();
        op.send(op.request("/api/v1/instances/broken/reconcile").POST(HttpRequest.BodyPublishers.noBody()).build());
        await("broken Ready after repair", () -> phase("Ready").test(status(op, "broken")));
        assertThat(status(op, "broken")).containsEntry("attempts", 0L).containsEntry("lastError", null);
    }

    @Test
    void anUnreachableHostLeavesOtherHostsConverging() throws Exception {
        fleet.unreachable("dead-1", 100);
        RunningOperator op = operator(TestDatabase.fresh(), true, Map.of());
        Jdbi jdbi = op.context().getBean(Jdbi.class);
        jdbi.useHandle(h -> h.execute("INSERT INTO instances (name, spec, host) VALUES"
                + " ('stranded', '{\"tier\":\"starter\"}', 'dead-1'), ('alive', '{\"tier\":\"starter\"}', 'dokku-1')"));
        await("alive Ready", () -> phase("Ready").test(status(op, "alive")));
        await("stranded failing", () -> status(op, "stranded").get("lastError") != null);
        assertThat(map(status(op, "stranded").get("lastError"))).containsEntry("code", "TRANSPORT_FAILURE");
        Map<String, Object> hosts = object(op.get("/api/v1/hosts").body());
        assertThat(list(hosts.get("items"))).anySatisfy(h -> assertThat(map(h)).containsEntry("name", "dead-1")
                .containsEntry("reachable", false));
        await("hosts_up metric", () -> op.send(HttpRequest.newBuilder(op.uri("/prometheus")).GET().build()).body()
                .contains("mindroom_hosts_up{host=\"dead-1\"} 0.0"));
    }

    @Test
    void twoReplicasOnOneDatabaseNeverReconcileOneInstanceTwiceAtOnce() throws Exception {
        sandbox.setLatency(new LatencyProfile(0.002));
        var db = TestDatabase.fresh();
        RunningOperator a = operator(db, true, Map.of());
        RunningOperator b = operator(db, true, Map.of());
        List<String> names = List.of("rep-a", "rep-b", "rep-c", "rep-d", "rep-e", "rep-f");
        for (String name : names) {
            (name.hashCode() % 2 == 0 ? a : b).put("/api/v1/instances/" + name, "{\"tier\":\"starter\"}");
        }
        for (String name : names) {
            await(name + " Ready", () -> phase("Ready").test(status(a, name)));
        }
        for (String name : names) {
            List<Object> events = list(object(a.get("/api/v1/instances/" + name + "/events?limit=1000").body()).get("items"));
            assertThat(events.stream().filter(e -> ("apps:create mr-" + name + "-backend").equals(map(e).get("command")))
                    .count()).as(name).isEqualTo(1);
            assertThat(events).extracting(e -> map(e).get("reason")).doesNotContain("ReconcileFailed");
        }
        // The lease itself: held by one replica, refused to the other until released or expired.
        ReconcileStore store = a.context().getBean(ReconcileStore.class);
        InstanceName rep = new InstanceName("rep-a");
        a.context().getBean(ReconcileLoop.class).stop();
        b.context().getBean(ReconcileLoop.class).stop();
        Thread.sleep(500);
        assertThat(store.claim(rep, "replica-1", Duration.ofSeconds(1))).isTrue();
        assertThat(store.claim(rep, "replica-2", Duration.ofSeconds(30))).isFalse();
        Thread.sleep(1200);
        assertThat(store.claim(rep, "replica-2", Duration.ofSeconds(30))).as("expired lease is taken over").isTrue();
        store.release(rep, "replica-2");
        assertThat(store.claim(rep, "replica-1", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aNewReleaseRollsOutAtMostNAtATimeAndHaltsAfterRepeatedFailures() throws Exception {
        var db = TestDatabase.fresh();
        RunningOperator v1 = operator(db, true, Map.of("operator.release", "v1"));
        List<String> names = List.of("roll-a", "roll-b", "roll-c", "roll-d", "roll-e", "roll-f");
        for (String name : names) {
            v1.put("/api/v1/instances/" + name, "{\"tier\":\"free\"}");
        }
        v1.put("/api/v1/instances/pinned", "{\"tier\":\"free\",\"release\":\"v1\"}");
        for (String name : names) {
            await(name + " Ready", () -> phase("Ready").test(status(v1, name)));
        }
        await("pinned Ready", () -> phase("Ready").test(status(v1, "pinned")));
        v1.close();
        operators.remove(v1);

        sandbox.setLatency(new LatencyProfile(0.01));
        RunningOperator v2 = operator(db, true, Map.of("operator.release", "v2",
                "operator.reconcile.rollout-max-in-flight", 2));
        FleetGuard guard = v2.context().getBean(FleetGuard.class);
        AtomicLong maxInFlight = new AtomicLong();
        try (RawSsh ssh = new RawSsh(sandbox)) {
            await("every unpinned instance on v2", () -> {
                maxInFlight.accumulateAndGet((Long) guard.rolloutState().get("inFlight"), Math::max);
                return (Long) guard.rolloutState().get("done") >= names.size()
                        && names.stream().allMatch(n -> ssh.exec("apps:report mr-" + n + "-backend --format json")
                        .stdout().contains("mindroom-backend:v2"));
            });
            assertThat(maxInFlight.get()).isLessThanOrEqualTo(2L);
            assertThat((Long) guard.rolloutState().get("done")).isGreaterThanOrEqualTo(names.size());
            assertThat(ssh.exec("apps:report mr-pinned-backend --format json").stdout()).contains("mindroom-backend:v1");
        }
        v2.close();
        operators.remove(v2);

        sandbox.setLatency(LatencyProfile.NONE);
        sandbox.inject(Fault.fail("^git:from-image", 1, " !     image pull failed\n", -1));
        RunningOperator v3 = operator(db, true, Map.of("operator.release", "v3",
                "operator.reconcile.rollout-max-in-flight", 1, "operator.reconcile.rollout-failure-threshold", 2));
        FleetGuard halted = v3.context().getBean(FleetGuard.class);
        await("rollout halted", halted::rolloutHalted);
        await("the others say so", () -> names.stream().anyMatch(n -> status(v3, n).get("conditions").toString()
                .contains("RolloutHalted")));
        await("halt metric", () -> v3.send(HttpRequest.newBuilder(v3.uri("/prometheus")).GET().build()).body()
                .contains("mindroom_rollout_halted 1.0"));
        assertThat(object(v3.get("/api/v1/hosts").body()).get("rollout").toString()).contains("halted=true");
    }

    @Test
    void aSafetyBrakePausesDestructionButNotConvergence() throws Exception {
        RunningOperator op = operator(TestDatabase.fresh(), false, Map.of());
        Reconciler reconciler = op.context().getBean(Reconciler.class);
        FleetGuard guard = op.context().getBean(FleetGuard.class);
        op.put("/api/v1/instances/braked", "{\"tier\":\"starter\"}");
        reconciler.reconcile(new InstanceName("braked"));
        guard.observeAppCount("dokku-1", 40, java.time.Instant.now());
        assertThat(guard.observeAppCount("dokku-1", 10, java.time.Instant.now())).isTrue();
        assertThat(object(op.get("/api/v1/hosts").body()).get("items").toString()).contains("shrank from 40 to 10");

        op.delete("/api/v1/instances/braked");
        reconciler.reconcile(new InstanceName("braked"));
        assertThat(status(op, "braked")).containsEntry("phase", "Deleting");
        assertThat(status(op, "braked").get("conditions").toString()).contains("SafetyBrake");
        assertThat(sandbox.state().appNames()).contains("mr-braked-backend");

        op.send(op.request("/api/v1/hosts/dokku-1/release-brake").POST(HttpRequest.BodyPublishers.noBody()).build());
        reconciler.reconcile(new InstanceName("braked"));
        assertThat(op.get("/api/v1/instances/braked").statusCode()).as("purged").isEqualTo(404);
        assertThat(sandbox.state().appNames()).isEmpty();
    }
}
