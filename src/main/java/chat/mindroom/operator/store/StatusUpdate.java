package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile pass writes into an instance's status.
 *
 * @param revision the operator revision the instance is now fully applied under (a converged pass
 *                 of a Ready or Suspended instance); empty leaves the recorded one as it is
 */
public record StatusUpdate(
        Phase phase,
        long observedGeneration,
        List<Condition> conditions,
        List<String> urls,
        Instant reconciledAt,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        int attempts,
        Optional<Instant> nextAttemptAt,
        List<String> driftFields,
        long readyGeneration,
        Optional<String> revision) {

    public StatusUpdate {
        requireNonNull(phase, "phase is null");
        conditions = List.copyOf(conditions);
        urls = List.copyOf(urls);
        requireNonNull(reconciledAt, "reconciledAt is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        driftFields = List.copyOf(driftFields);
        requireNonNull(revision, "revision is null");
    }

    /** A status write that leaves the recorded revision as it is. */
    public StatusUpdate(Phase phase, long observedGeneration, List<Condition> conditions, List<String> urls,
                        Instant reconciledAt, Optional<String> errorCode, Optional<String> errorMessage, int attempts,
                        Optional<Instant> nextAttemptAt, List<String> driftFields, long readyGeneration) {
        this(phase, observedGeneration, conditions, urls, reconciledAt, errorCode, errorMessage, attempts,
                nextAttemptAt, driftFields, readyGeneration, Optional.empty());
    }
}
