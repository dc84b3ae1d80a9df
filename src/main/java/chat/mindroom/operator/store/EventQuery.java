package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A page request over the fleet-wide audit trail, newest first. Every filter is optional; they
 * combine with AND. {@code since} is inclusive, {@code until} exclusive.
 *
 * @param beforeId the last event id of the previous page
 */
public record EventQuery(Optional<String> instance, Optional<String> actor, Optional<String> reason,
                         Optional<String> type, Optional<Instant> since, Optional<Instant> until,
                         OptionalLong beforeId, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        requireNonNull(instance, "instance is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(type, "type is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
        requireNonNull(beforeId, "beforeId is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }
}
