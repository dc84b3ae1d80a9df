package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The last failed certificate request of one app: why (a {@code TlsFailure} name), Dokku's own
 * message, how many failed in a row, and when the next request is due.
 */
public record TlsAttempt(String app, int failures, String reason, String message, Instant lastAttemptAt,
                         Instant nextAttemptAt) {

    public TlsAttempt {
        requireNonNull(app, "app is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
        requireNonNull(lastAttemptAt, "lastAttemptAt is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
    }
}
