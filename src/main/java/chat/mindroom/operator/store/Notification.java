package chat.mindroom.operator.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A notification in the outbox with its deliveries and their attempts. {@code id} is the stable
 * {@code webhook-id}; {@code sequence} orders the notifications of an instance.
 */
public record Notification(long sequence, String id, String instance, String type, Instant createdAt, String body,
                           List<Delivery> deliveries) {

    public Notification {
        deliveries = List.copyOf(deliveries);
    }

    /** One endpoint's delivery: {@code pending}, {@code sent}, {@code failed} (gave up) or {@code stopped} (410). */
    public record Delivery(String endpoint, String state, int attempts, Optional<Instant> nextAttemptAt,
                           Optional<Instant> finishedAt, List<Attempt> tries) {

        public Delivery {
            tries = List.copyOf(tries);
        }
    }

    /** One HTTP attempt: the receiver's status code, or the error when there was none. */
    public record Attempt(Instant at, Optional<Integer> statusCode, Optional<String> error, long durationMs) {
    }
}
