package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts run outside the pass that asked for them. A restart takes 15-19 s on a real Dokku, and a
 * wave of them waits for channels far longer; a pass that waited for its restart would hold a
 * worker and keep the instance's next edit waiting. Requests for an app coalesce: while one restart
 * runs, any number of new requests make exactly one more restart after it, so the last change is
 * always picked up. What is owed is a row ({@code restarts_owed}) written before the restart is asked
 * for and removed when one succeeds, so a restart that still fails after a few tries, or one that a
 * crash interrupted, is planned again by the instance's next pass; and while a row exists the
 * instance is not Ready. While a restart runs its row names the replica and a time its claim
 * holds until, so another replica's pass of the same instance does not ask for it again. When a restart ends, {@code done} wakes a pass of its instance so its
 * status moves on at once.
 */
final class Restarts {

    private static final Logger LOG = LoggerFactory.getLogger(Restarts.class);
    private static final int ATTEMPTS = 3;
    /** How long a claim on a running restart holds: its attempts, their pauses and a wait for a channel. */
    private static final Duration CLAIM = Duration.ofMinutes(10);

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
    private final Map<Key, Long> generations = new HashMap<>();
    private final Consumer<InstanceName> done;
    private final Clock clock;

    Restarts(Executor executor, ReconcileStore store, Consumer<InstanceName> done, Clock clock) {
        this.executor = executor;
        this.store = store;
        this.done = done;
        this.clock = clock;
    }

    /** Records the restart as owed, then asks for it; returns at once. */
    void request(InstanceName name, long generation, DokkuClient client, String app) {
        Key key = new Key(client.hostName(), app);
        store.oweRestart(name, key.host(), app, generation);
        synchronized (again) {
            generations.merge(key, generation, Math::max);
            if (again.containsKey(key)) {
                again.put(key, true);
                return;
            }
            again.put(key, false);
        }
        pool.submit(() -> run(name, client, key));
    }

    private void run(InstanceName name, DokkuClient client, Key key) {
        while (true) {
            long generation;
            synchronized (again) {
                generation = generations.get(key);
            }
            claim(key);
            boolean ran = false;
            for (int attempt = 1; attempt <= ATTEMPTS && !ran; attempt++) {
                try {
                    executor.apply(name, generation, client, new Action.Restart(key.app()));
                    ran = true;
                } catch (RuntimeException e) {
                    LOG.warn("instance {}: restart of {} failed (attempt {} of {}): {}", name, key.app(), attempt,
                            ATTEMPTS, e.getMessage());
                    if (attempt < ATTEMPTS) {
                        sleep(2000L << attempt);
                    }
                }
            }
            if (ran) {
                settle(key, generation);
            } else {
                failed(key);
                store.recordEvent(name, NewEvent.warning("RestartFailed", "restart of " + key.app() + " failed "
                        + ATTEMPTS + " times; the next pass asks for it again", generation));
            }
            synchronized (again) {
                if (!again.get(key)) {
                    again.remove(key);
                    generations.remove(key);
                    again.notifyAll();
                    break;
                }
                again.put(key, false);
            }
        }
        done.accept(name);
    }

    /** Waits until no restart is running or waiting; false if some still are after {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
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

    /** Marks the owed restart as running here, so no replica's pass asks for it again meanwhile. */
    private void claim(Key key) {
        try {
            store.restartRunning(key.host(), key.app(), clock.instant().plus(CLAIM));
        } catch (RuntimeException e) {
            LOG.warn("restart of {}: could not record that it runs here: {}", key.app(), e.getMessage());
        }
    }

    private void settle(Key key, long generation) {
        try {
            store.settleRestart(key.host(), key.app(), generation);
        } catch (RuntimeException e) {
            LOG.warn("restart of {} ran, but recording it failed (the next pass restarts it again): {}", key.app(),
                    e.getMessage());
        }
    }

    private void failed(Key key) {
        try {
            store.restartFailed(key.host(), key.app());
        } catch (RuntimeException e) {
            LOG.warn("restart of {} failed and recording it failed too: {}", key.app(), e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
