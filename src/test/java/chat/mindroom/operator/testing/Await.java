package chat.mindroom.operator.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Condition-based waits with generous ceilings: a test fails because behaviour is wrong, not because the machine is slow. */
public final class Await {

    /** The ceiling for what a loaded 2-core machine does in seconds when idle. */
    public static final Duration CEILING = Duration.ofMinutes(4);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, CEILING, condition);
    }

    public static void until(String what, Duration ceiling, BooleanSupplier condition) {
        long deadline = System.nanoTime() + ceiling.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + ceiling + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
