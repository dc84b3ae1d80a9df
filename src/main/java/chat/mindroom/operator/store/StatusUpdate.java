package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What one reconcile pass writes into an instance's status. */
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
        long readyGeneration) {

    public StatusUpdate {
        requireNonNull(phase, "phase is null");
        conditions = List.copyOf(conditions);
        urls = List.copyOf(urls);
        requireNonNull(reconciledAt, "reconciledAt is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        driftFields = List.copyOf(driftFields);
    }
}
