package chat.mindroom.operator.dokku.ssh;

import chat.mindroom.operator.dokku.Background;
import java.util.function.BooleanSupplier;

/**
 * The SSH channels of one host, shared by quick commands (reads, config writes: under a second)
 * and slow ones (deploys, restarts, creates: seconds to minutes), and by foreground work (edits,
 * new instances) and background work (resyncs verifying converged instances, see
 * {@link Background}).
 *
 * <p>Slow commands may hold all but one channel. A freed channel goes to a waiting foreground quick
 * command first; background quick commands and slow ones take what is left. So an edit's reads
 * queue neither behind other instances' deploys nor behind a resync's wave of reads, and neither a
 * deploy wave nor a resync can take the whole host.
 */
final class ChannelBudget {

    private final int total;
    private final int slowMax;
    private int inUse;
    private int slowInUse;
    private int foregroundWaiting;

    ChannelBudget(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("a host needs at least one channel");
        }
        this.total = total;
        this.slowMax = Math.max(1, total - 1);
    }

    /**
     * Waits for a channel: {@code slow} for long-running commands; {@code background} for resync
     * work, asked again at every wake-up (an edit can make waiting work urgent).
     */
    synchronized void acquire(boolean slow, BooleanSupplier background)
            throws InterruptedException {
        if (slow) {
            while (inUse >= total || slowInUse >= slowMax || foregroundWaiting > 0) {
                wait();
            }
            slowInUse++;
        } else if (background.getAsBoolean()) {
            while (inUse >= total || foregroundWaiting > 0 && background.getAsBoolean()) {
                wait();
            }
        } else {
            foregroundWaiting++;
            try {
                while (inUse >= total) {
                    wait();
                }
            } finally {
                // Those held back for us may go now if a channel is still free.
                if (--foregroundWaiting == 0) {
                    notifyAll();
                }
            }
        }
        inUse++;
    }

    synchronized void release(boolean slow) {
        inUse--;
        if (slow) {
            slowInUse--;
        }
        notifyAll();
    }

    int slowMax() {
        return slowMax;
    }
}
