package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.ReconcileStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's lease while one of this replica's passes runs: renewed every third of its TTL on
 * threads of their own (a busy timer must never let a running pass's lease lapse), released when
 * the pass ends. If it is lost all the same, the executor's fence stops the pass's writes.
 */
final class HeldLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeldLease.class);

    private final ReconcileStore store;
    private final InstanceName name;
    private final String holder;
    private final ScheduledFuture<?> renewal;

    private HeldLease(ReconcileStore store, InstanceName name, String holder, Duration ttl,
                      ScheduledExecutorService renewals) {
        this.store = store;
        this.name = name;
        this.holder = holder;
        long every = Math.max(1, ttl.toMillis() / 3);
        this.renewal = renewals.scheduleAtFixedRate(() -> {
            try {
                if (!store.renew(name, holder, ttl)) {
                    LOG.warn("instance {}: lease lost to another replica; this pass writes nothing more", name);
                }
            } catch (RuntimeException e) {
                LOG.warn("instance {}: lease not renewed: {}", name, e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Claims the instance for {@code holder}; empty when another live holder has it. */
    static Optional<HeldLease> claim(ReconcileStore store, InstanceName name, String holder, Duration ttl,
                                               ScheduledExecutorService renewals) {
        if (!store.claim(name, holder, ttl)) {
            return Optional.empty();
        }
        return Optional.of(new HeldLease(store, name, holder, ttl, renewals));
    }

    @Override
    public void close() {
        renewal.cancel(false);
        store.release(name, holder);
    }
}
