package chat.mindroom.operator.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@link Brakes} in memory, for unit tests of the guard's rules. */
final class MemoryBrakes implements Brakes {

    private final Map<String, FleetGuard.Brake> brakes = new TreeMap<>();

    @Override
    public synchronized Map<String, FleetGuard.Brake> current() {
        return Map.copyOf(brakes);
    }

    @Override
    public synchronized void engage(String scope, String reason, Instant since) {
        brakes.putIfAbsent(scope, new FleetGuard.Brake(reason, since));
    }

    @Override
    public synchronized void release(String scope) {
        brakes.remove(scope);
    }
}
