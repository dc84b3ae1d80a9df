package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler last observed and did for an instance. Written only by the reconciler.
 *
 * @param lastErrorCode    a stable error code ({@code ErrorCode} name) when the last pass failed
 * @param lastDriftFields  the fields repaired by the last pass that found drift
 * @param readyGeneration  the last generation that was fully applied (its restarts included)
 * @param readyRevision    the operator revision it was last fully applied under (empty: not yet)
 */
public record InstanceStatus(
        Phase phase,
        long observedGeneration,
        List<Condition> conditions,
        Optional<String> host,
        List<String> urls,
        Optional<Instant> lastReconcileAt,
        Optional<String> lastErrorCode,
        Optional<String> lastErrorMessage,
        int attempts,
        Optional<Instant> nextAttemptAt,
        List<String> lastDriftFields,
        Optional<Instant> lastDriftAt,
        long readyGeneration,
        Optional<String> readyRevision) {

    public InstanceStatus {
        requireNonNull(phase, "phase is null");
        conditions = List.copyOf(conditions);
        requireNonNull(host, "host is null");
        urls = List.copyOf(urls);
        requireNonNull(lastReconcileAt, "lastReconcileAt is null");
        requireNonNull(lastErrorCode, "lastErrorCode is null");
        requireNonNull(lastErrorMessage, "lastErrorMessage is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        lastDriftFields = List.copyOf(lastDriftFields);
        requireNonNull(lastDriftAt, "lastDriftAt is null");
        requireNonNull(readyRevision, "readyRevision is null");
    }

    /** Whether the instance was last fully applied under this operator revision. */
    public boolean appliedUnder(String revision) {
        return readyRevision.filter(revision::equals).isPresent();
    }

    /** The status of an instance the reconciler has not visited yet. */
    public static InstanceStatus pending() {
        return new InstanceStatus(Phase.Pending, 0, List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, Optional.empty(), List.of(), Optional.empty(), 0, Optional.empty());
    }
}
