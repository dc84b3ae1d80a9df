package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.store.ReconcileStore;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@link Brakes} in the {@code safety_brakes} table. */
final class StoredBrakes implements Brakes {

    private final ReconcileStore store;

    StoredBrakes(ReconcileStore store) {
        this.store = store;
    }

    @Override
    public Map<String, FleetGuard.Brake> current() {
        Map<String, FleetGuard.Brake> out = new TreeMap<>();
        store.brakes().forEach((scope, row) -> out.put(scope, new FleetGuard.Brake(row.reason(), row.since())));
        return out;
    }

    @Override
    public void engage(String scope, String reason, Instant since) {
        store.engageBrake(scope, reason, since);
    }

    @Override
    public void release(String scope) {
        store.releaseBrake(scope);
    }
}
