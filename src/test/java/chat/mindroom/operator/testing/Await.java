package chat.mindroom.operator.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
        until(what, ceiling, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}; a timeout also says what {@code diagnosis} finds then. */
    public static void until(String what, BooleanSupplier condition, Supplier<String> diagnosis) {
        until(what, CEILING, condition, diagnosis);
    }

    private static void until(String what, Duration ceiling, BooleanSupplier condition, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + ceiling.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String found = diagnosis.get();
                throw new AssertionError("not within " + ceiling + ": " + what + (found.isEmpty() ? "" : "; found: " + found));
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
