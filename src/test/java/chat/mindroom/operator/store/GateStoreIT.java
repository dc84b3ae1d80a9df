package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.GateStore.Slot;
import chat.mindroom.operator.store.jdbi.JdbiGateStore;
import chat.mindroom.operator.store.jdbi.JdbiInstanceStore;
import chat.mindroom.operator.store.jdbi.JdbiReconcileStore;
import chat.mindroom.operator.testing.Migrated;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The gates replicas share, on a real PostgreSQL: what one replica grants, every other one sees. */
class GateStoreIT {

    private static final String RELEASE = "v2";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    @Test
    void rolloutSlotsAreLimitedAcrossReplicasAndTheRolloutHaltsAtTheThreshold() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            GateStore one = new JdbiGateStore(db.jdbi());
            GateStore other = new JdbiGateStore(db.jdbi());
            InstanceName a = new InstanceName("aaa");
            InstanceName b = new InstanceName("bbb");
            InstanceName c = new InstanceName("ccc");
            assertThat(one.acquireRollout(RELEASE, a, 2, TIMEOUT, 2)).isEqualTo(Slot.GRANTED);
            assertThat(other.acquireRollout(RELEASE, b, 2, TIMEOUT, 2)).isEqualTo(Slot.GRANTED);
            assertThat(one.acquireRollout(RELEASE, c, 2, TIMEOUT, 2)).isEqualTo(Slot.WAIT);
            assertThat(other.acquireRollout(RELEASE, a, 2, TIMEOUT, 2)).as("the slot is the instance's, not the replica's")
                    .isEqualTo(Slot.GRANTED);
            assertThat(other.acquireRollout("v3", c, 2, TIMEOUT, 2)).as("another release has its own slots")
                    .isEqualTo(Slot.GRANTED);

            other.finishRollout(RELEASE, a, true, 2);
            assertThat(one.acquireRollout(RELEASE, c, 2, TIMEOUT, 2)).isEqualTo(Slot.GRANTED);
            one.finishRollout(RELEASE, b, false, 2);
            one.finishRollout(RELEASE, b, false, 2);
            assertThat(one.rollout(RELEASE, TIMEOUT).halted()).as("a slot ends once").isFalse();
            other.finishRollout(RELEASE, c, false, 2);
            assertThat(one.rollout(RELEASE, TIMEOUT)).isEqualTo(new GateStore.RolloutProgress(RELEASE, 0, 1, 2, true));
            assertThat(other.acquireRollout(RELEASE, a, 2, TIMEOUT, 2)).isEqualTo(Slot.HALTED);
            other.resumeRollout(RELEASE);
            assertThat(one.acquireRollout(RELEASE, a, 2, TIMEOUT, 2)).isEqualTo(Slot.GRANTED);

            // A slot held past the timeout is ended as a failed upgrade; asking again does not renew it.
            Thread.sleep(20);
            assertThat(one.acquireRollout(RELEASE, b, 1, Duration.ofMillis(10), 2)).isEqualTo(Slot.GRANTED);
            assertThat(one.rollout(RELEASE, TIMEOUT)).as("a's slot timed out: one failure, b holds the only slot")
                    .isEqualTo(new GateStore.RolloutProgress(RELEASE, 1, 1, 1, false));
            Thread.sleep(20);
            assertThat(one.acquireRollout(RELEASE, b, 1, Duration.ofMillis(10), 2)).as("b timed out too: halted")
                    .isEqualTo(Slot.HALTED);

            // A deleted instance gives its slot back without counting.
            other.resumeRollout(RELEASE);
            assertThat(one.acquireRollout(RELEASE, c, 1, TIMEOUT, 2)).isEqualTo(Slot.GRANTED);
            one.abandonRollout(RELEASE, c);
            assertThat(one.rollout(RELEASE, TIMEOUT)).isEqualTo(new GateStore.RolloutProgress(RELEASE, 0, 1, 0, false));
            assertThat(other.acquireRollout(RELEASE, a, 1, TIMEOUT, 2)).isEqualTo(Slot.GRANTED);
        }
    }

    @Test
    void concurrentRequestsNeverGrantMoreSlotsThanTheLimit() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Slot>> asks = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    GateStore replica = new JdbiGateStore(db.jdbi());
                    InstanceName name = new InstanceName("inst-" + i);
                    asks.add(() -> replica.acquireRollout(RELEASE, name, 5, TIMEOUT, 2));
                }
                long granted = 0;
                for (Future<Slot> answer : pool.invokeAll(asks)) {
                    granted += answer.get() == Slot.GRANTED ? 1 : 0;
                }
                assertThat(granted).isEqualTo(5);
                assertThat(new JdbiGateStore(db.jdbi()).rollout(RELEASE, TIMEOUT).inFlight()).isEqualTo(5);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void destructiveIntentIsNoticedOncePerGenerationAndCountedUntilTheFleetBrakeIsReleased() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            JdbiInstanceStore instances = new JdbiInstanceStore(db.jdbi());
            for (String n : List.of("one", "two", "three")) {
                instances.apply(new InstanceName(n), InstanceSpec.ofTier("free"), Precondition.NONE, "test");
            }
            GateStore gates = new JdbiGateStore(db.jdbi());
            InstanceName one = new InstanceName("one");
            Instant first = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            assertThat(gates.noticeDestructiveIntent(one, 2, "removes mr-one-matrix", first)).isEqualTo(first);
            assertThat(gates.noticeDestructiveIntent(one, 2, "removes mr-one-matrix", first.plusSeconds(30)))
                    .as("the same generation keeps its first notice").isEqualTo(first);
            Instant later = first.plusSeconds(40);
            assertThat(gates.noticeDestructiveIntent(one, 3, "removes mr-one-matrix", later))
                    .as("a new generation is a new intent").isEqualTo(later);
            gates.noticeDestructiveIntent(new InstanceName("two"), 2, "removes mr-two-matrix", later);
            assertThat(gates.destructiveIntentsSinceFleetRelease()).isEqualTo(2);

            JdbiReconcileStore store = new JdbiReconcileStore(db.jdbi(), new SecretBox(new byte[32]), Replica.create());
            instances.requestDeletion(new InstanceName("two"), Precondition.NONE, "test", i -> Duration.ZERO);
            assertThat(gates.destructiveIntentsSinceFleetRelease()).as("a tombstone is counted as such").isEqualTo(1);
            assertThat(store.tombstonedSinceFleetRelease()).as("its purge is due").isEqualTo(1);
            instances.requestDeletion(one, Precondition.NONE, "test", i -> Duration.ofDays(7));
            assertThat(store.tombstonedSinceFleetRelease()).as("a soft delete in its grace period destroys nothing")
                    .isEqualTo(1);
            assertThat(instances.undelete(one, "test").instance().tombstoned()).isFalse();

            store.engageBrake("fleet", "test", Instant.now());
            store.releaseBrake("fleet");
            assertThat(gates.destructiveIntentsSinceFleetRelease()).as("a person let these go").isZero();

            gates.clearDestructiveIntent(one);
            Instant now = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
            assertThat(gates.noticeDestructiveIntent(one, 3, "removes mr-one-matrix", now)).isEqualTo(now);
            assertThat(gates.destructiveIntentsSinceFleetRelease()).isEqualTo(1);
        }
    }
}
