package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

/** What a spec write did, and the instance as it now stands. */
public record WriteResult(Outcome outcome, Instance instance) {

    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    public WriteResult {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(instance, "instance is null");
    }
}
