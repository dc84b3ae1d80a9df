package chat.mindroom.operator.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code base} times 2^(attempt-1), at most {@code max}, less
 * up to a tenth at random so many retries spread out; none once that would be later than
 * {@code retryFor} after the notification was written (then the delivery is given up).
 */
record RetrySchedule(Duration base, Duration max, Duration retryFor) {

    Duration delay(int attempt, double random) {
        long maxMs = max.toMillis();
        long delay = Math.min(base.toMillis(), maxMs);
        for (int i = 1; i < attempt && delay < maxMs; i++) {
            delay = Math.min(maxMs, delay * 2);
        }
        return Duration.ofMillis(delay - (long) (delay * 0.1 * random));
    }

    /** The next attempt after {@code attempt} failed at {@code now}, or empty: give up. */
    Optional<Instant> next(int attempt, Instant now, Instant createdAt, double random) {
        Instant next = now.plus(delay(attempt, random));
        return next.isAfter(createdAt.plus(retryFor)) ? Optional.empty() : Optional.of(next);
    }
}
