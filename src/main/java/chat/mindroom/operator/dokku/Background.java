package chat.mindroom.operator.dokku;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Marks Dokku commands as background work: a resync verifying an instance whose desired state is
 * already in place. On a busy host they wait for a channel behind the commands of work somebody is
 * waiting for (an edit, a new instance), so a wave of resync reads cannot delay an edit. The mark is
 * asked again whenever a command waits for a channel, so work that becomes urgent (an edit arrives
 * for the instance a background pass is verifying) stops yielding at once. Carried by the calling
 * thread; {@link RemoteDokkuClient} hands it on to the threads it reads on.
 */
public final class Background {

    private static final BooleanSupplier FOREGROUND = () -> false;
    private static final ThreadLocal<BooleanSupplier> ACTIVE = new ThreadLocal<>();

    private Background() {
    }

    /** Runs {@code work} on this thread with its commands marked background while {@code background} says so. */
    public static <T> T call(BooleanSupplier background, Supplier<T> work) {
        BooleanSupplier before = ACTIVE.get();
        ACTIVE.set(background);
        try {
            return work.get();
        } finally {
            if (before == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(before);
            }
        }
    }

    /** {@link #call} for work without a result. */
    public static void run(BooleanSupplier background, Runnable work) {
        call(background, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with this thread's mark, wherever it runs. */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        BooleanSupplier background = current();
        return () -> call(background, work);
    }

    /** Whether commands issued on this thread are background work, asked each time. */
    public static BooleanSupplier current() {
        BooleanSupplier background = ACTIVE.get();
        return background == null ? FOREGROUND : background;
    }
}
