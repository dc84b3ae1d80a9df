package chat.mindroom.operator.store;

import java.time.Instant;

/**
 * The outcome of a credential rotation: the value in force, when it was set, and whether this
 * request was a retry of one already done (same Idempotency-Key: nothing rotated again).
 */
public record Rotation(String key, String value, Instant rotatedAt, boolean replayed) {

    /** Never shows the value. */
    @Override
    public String toString() {
        return "Rotation[" + key + ", rotatedAt=" + rotatedAt + ", replayed=" + replayed + "]";
    }
}
