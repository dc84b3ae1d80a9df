package chat.mindroom.operator.dokku.ssh;

/**
 * The SSH channels of one host, shared by quick commands (reads, config writes: under a second)
 * and slow ones (deploys, restarts, creates: seconds to minutes). Slow commands may hold all but
 * one channel, and a freed channel goes to a waiting quick command first, so an edit's reads never
 * queue behind other instances' deploys, and a deploy wave cannot take the whole host.
 */
final class ChannelBudget {

    private final int total;
    private final int slowMax;
    private int inUse;
    private int slowInUse;
    private int quickWaiting;

    ChannelBudget(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("a host needs at least one channel");
        }
        this.total = total;
        this.slowMax = Math.max(1, total - 1);
    }

    synchronized void acquire(boolean slow) throws InterruptedException {
        if (slow) {
            while (inUse >= total || slowInUse >= slowMax || quickWaiting > 0) {
                wait();
            }
            slowInUse++;
        } else {
            quickWaiting++;
            try {
                while (inUse >= total) {
                    wait();
                }
            } finally {
                quickWaiting--;
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
