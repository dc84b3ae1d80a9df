package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.GateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Destructive intents in memory, for unit tests of the guard's brake rules. Rollout slots are SQL
 * rules and are tested on PostgreSQL ({@code GateStoreIT}); asking this one for them fails the test.
 */
final class MemoryGates implements GateStore {

    private final Map<InstanceName, Instant> intents = new HashMap<>();

    @Override
    public synchronized Instant noticeDestructiveIntent(InstanceName name, long generation, String what, Instant now) {
        return intents.computeIfAbsent(name, n -> now);
    }

    @Override
    public synchronized void clearDestructiveIntent(InstanceName name) {
        intents.remove(name);
    }

    @Override
    public synchronized int destructiveIntentsSinceFleetRelease() {
        return intents.size();
    }

    @Override
    public Slot acquireRollout(String release, InstanceName name, int maxInFlight, Duration timeout,
                               int failureThreshold) {
        throw new UnsupportedOperationException("rollout slots are tested on PostgreSQL");
    }

    @Override
    public void abandonRollout(String release, InstanceName name) {
        throw new UnsupportedOperationException("rollout slots are tested on PostgreSQL");
    }

    @Override
    public void finishRollout(String release, InstanceName name, boolean succeeded, int failureThreshold) {
        throw new UnsupportedOperationException("rollout slots are tested on PostgreSQL");
    }

    @Override
    public RolloutProgress rollout(String release, Duration timeout) {
        throw new UnsupportedOperationException("rollout slots are tested on PostgreSQL");
    }

    @Override
    public void resumeRollout(String release) {
        throw new UnsupportedOperationException("rollout slots are tested on PostgreSQL");
    }
}
