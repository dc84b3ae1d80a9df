package chat.mindroom.operator.reconcile;

/**
 * A pass waiting for a worker. Those an edit asked for (desired state changed: a user waits for it)
 * go before resync and retry passes; each kind in the order it was asked for.
 */
record QueuedPass(boolean edited, long order, Runnable pass) implements Runnable, Comparable<QueuedPass> {

    @Override
    public void run() {
        pass.run();
    }

    @Override
    public int compareTo(QueuedPass other) {
        return edited != other.edited ? (edited ? -1 : 1) : Long.compare(order, other.order);
    }
}
