package chat.mindroom.operator.reconcile;

import java.time.Duration;

/** Per-instance retry delay: 1 s doubling to 5 minutes, with +-20% jitter. */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofMinutes(5);

    private Backoff() {
    }

    /** The delay after the {@code attempts}-th consecutive failure; {@code jitter} in [0, 1). */
    public static Duration delay(int attempts, double jitter) {
        long base = FIRST.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(base, MAX.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * jitter)));
    }
}
