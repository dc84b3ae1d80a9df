package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts run outside the pass that asked for them. A restart takes 15-19 s on a real Dokku, and a
 * wave of them waits for channels far longer; a pass that waited for its restart would hold a
 * worker and keep the instance's next edit waiting. Requests for an app coalesce: while one restart
 * runs, any number of new requests make exactly one more restart after it, so the last change is
 * always picked up. A restart that still fails after a few tries is owed: every later pass of the
 * instance plans it again until one succeeds.
 */
final class Restarts {

    private static final Logger LOG = LoggerFactory.getLogger(Restarts.class);
    private static final int ATTEMPTS = 3;

    private record Key(String host, String app) {
    }

    private final Executor executor;
    private final ReconcileStore store;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "reconcile-restart");
        t.setDaemon(true);
        return t;
    });
    private final Map<Key, Boolean> again = new HashMap<>();
    private final Map<Key, InstanceName> owed = new ConcurrentHashMap<>();

    Restarts(Executor executor, ReconcileStore store) {
        this.executor = executor;
        this.store = store;
    }

    /** Asks for a restart of {@code app}; returns at once. */
    void request(InstanceName name, long generation, DokkuClient client, String app) {
        Key key = new Key(client.hostName(), app);
        owed.remove(key);
        synchronized (again) {
            if (again.containsKey(key)) {
                again.put(key, true);
                return;
            }
            again.put(key, false);
        }
        pool.submit(() -> run(name, generation, client, key));
    }

    private void run(InstanceName name, long generation, DokkuClient client, Key key) {
        while (true) {
            boolean done = false;
            for (int attempt = 1; attempt <= ATTEMPTS && !done; attempt++) {
                try {
                    executor.apply(name, generation, client, new Action.Restart(key.app()));
                    done = true;
                } catch (RuntimeException e) {
                    LOG.warn("instance {}: restart of {} failed (attempt {} of {}): {}", name, key.app(), attempt,
                            ATTEMPTS, e.getMessage());
                    sleep(2000L << attempt);
                }
            }
            if (!done) {
                owed.put(key, name);
                store.recordEvent(name, NewEvent.warning("RestartFailed", "restart of " + key.app() + " failed "
                        + ATTEMPTS + " times; the next pass asks for it again", generation));
            }
            synchronized (again) {
                if (!again.get(key)) {
                    again.remove(key);
                    again.notifyAll();
                    return;
                }
                again.put(key, false);
            }
        }
    }

    /** Waits until no restart is running or waiting; false if some still are after {@code timeout}. */
    boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (again) {
            while (!again.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                again.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Whether a restart of the app is running or waiting for a channel. */
    boolean pending(String host, String app) {
        synchronized (again) {
            return again.containsKey(new Key(host, app));
        }
    }

    /** Whether the app's last restart failed for good, so a pass must ask again. */
    boolean owed(String host, String app) {
        return owed.containsKey(new Key(host, app));
    }

    /** Whether any app of the instance has a restart owed. */
    boolean owes(InstanceName name) {
        return owed.containsValue(name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
