package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.metrics.OperatorMetrics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each Dokku host answers, as last seen by anything that talked to it: the resync's host
 * check, and any pass whose command could not reach the host. One source for {@code GET /hosts},
 * {@code mindroom_hosts_up} and the instances' {@code HostUnreachable} condition, so they never
 * disagree.
 */
@Singleton
public final class HostHealth {

    /** A host that did not answer: since when, and what the transport said. */
    public record Down(Instant since, String error) {
    }

    private final Map<String, Down> down = new ConcurrentHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final OperatorMetrics metrics;
    private final Clock clock;

    public HostHealth(OperatorMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    public void answered(String host) {
        answered.add(host);
        down.remove(host);
        metrics.hostUp(host, true);
    }

    public void unreachable(String host, String error) {
        down.putIfAbsent(host, new Down(clock.instant(), error));
        metrics.hostUp(host, false);
    }

    /** Marks the host down when {@code failure} says it could not be reached; true if it did. */
    public boolean observe(String host, OperatorException failure) {
        if (failure.code() == ErrorCode.TRANSPORT_FAILURE || failure.code() == ErrorCode.HOST_KEY_REJECTED) {
            unreachable(host, failure.getMessage());
            return true;
        }
        return false;
    }

    public Optional<Down> down(String host) {
        return Optional.ofNullable(down.get(host));
    }

    public boolean up(String host) {
        return !down.containsKey(host);
    }

    /** Whether the host answered a check since this process started and answers still. */
    public boolean known(String host) {
        return answered.contains(host) && up(host);
    }
}
