package chat.mindroom.operator.store;

import java.time.Instant;

/** A delivery claimed for sending: which notification (its stable id and exact body) to which endpoint. */
public record DueDelivery(long notificationId, String messageId, String endpoint, int attempts, Instant createdAt,
                          String body) {
}
