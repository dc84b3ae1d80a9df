package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of an instance's audit trail. Commands are stored redacted; nothing here ever holds a
 * secret value.
 *
 * @param type  Normal or Warning
 * @param actor       who caused it: an API token name, or {@code reconciler}
 * @param instanceUid the instance it is about (a name is used again after a purge; the uid never)
 */
public record Event(
        long id,
        String instanceName,
        Instant at,
        String type,
        String reason,
        String message,
        Optional<String> command,
        Optional<Integer> exitCode,
        Optional<Long> durationMs,
        String actor,
        Optional<Long> generation,
        Optional<UUID> instanceUid) {

    public Event {
        requireNonNull(instanceName, "instanceName is null");
        requireNonNull(at, "at is null");
        requireNonNull(type, "type is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
        requireNonNull(command, "command is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(durationMs, "durationMs is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(generation, "generation is null");
        requireNonNull(instanceUid, "instanceUid is null");
    }
}
