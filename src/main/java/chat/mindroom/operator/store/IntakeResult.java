package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a signed subscription event did.
 *
 * @param outcome  created, updated, unchanged, deletion-requested, already-deleting, absent (a
 *                 cancellation of an instance that does not exist) or duplicate (the webhook-id was
 *                 acted on before; nothing happened now)
 * @param instance the instance as it now stands, when there is one and the event was not a duplicate
 */
public record IntakeResult(String outcome, Optional<Instance> instance) {

    public static final String DUPLICATE = "duplicate";

    public IntakeResult {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(instance, "instance is null");
    }
}
