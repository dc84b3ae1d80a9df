package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** An event to append; {@code command} is always the redacted form. */
public record NewEvent(String type, String reason, String message, Optional<String> command,
                       Optional<Integer> exitCode, Optional<Long> durationMs, String actor, long generation) {

    public NewEvent {
        requireNonNull(type, "type is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
        requireNonNull(command, "command is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(durationMs, "durationMs is null");
        requireNonNull(actor, "actor is null");
    }

    public static NewEvent normal(String reason, String message, long generation) {
        return new NewEvent("Normal", reason, message, Optional.empty(), Optional.empty(), Optional.empty(),
                "reconciler", generation);
    }

    public static NewEvent warning(String reason, String message, long generation) {
        return new NewEvent("Warning", reason, message, Optional.empty(), Optional.empty(), Optional.empty(),
                "reconciler", generation);
    }
}
