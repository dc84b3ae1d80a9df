package chat.mindroom.operator.backup;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceName;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clones: an instance created with {@code restoreFrom} is provisioned like any other and, once it
 * is first Ready, gets that backup's data (database, Redis, volume) through the same restore as
 * {@code POST .../restore}, with checksums verified first and the apps stopped meanwhile. The
 * {@code Restored} condition it leaves (True, or False saying which parts were restored) marks it
 * done either way: a failed clone is reported, never retried over data it may have changed since.
 */
public final class CloneRestores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloneRestores.class);

    private final BackupStore store;
    private final Restorer restorer;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "clone-restore");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clone-schedule");
        t.setDaemon(true);
        return t;
    });

    public CloneRestores(BackupStore store, Restorer restorer) {
        this.store = store;
        this.restorer = restorer;
    }

    public void start(Duration every) {
        ticks.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("clone restores: {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the restore of every clone that is due and not running here; returns how many started. */
    public int tick() {
        int started = 0;
        for (BackupStore.CloneDue due : store.clonesDue()) {
            Optional<BackupRecord> backup = store.find(due.backupId());
            if (backup.isEmpty() || !running.add(due.name())) {
                continue;
            }
            try {
                Restorer.Started restore = restorer.begin(new InstanceName(due.name()), due.backupId(),
                        Optional.of(backup.get().instanceUid().map(UUID::toString).orElse(backup.get().instance())));
                started++;
                workers.submit(() -> {
                    try {
                        restorer.run(restore);
                    } finally {
                        running.remove(due.name());
                    }
                });
            } catch (OperatorException e) {
                // Busy (a pass holds the instance) or gone meanwhile: the next tick tries again.
                running.remove(due.name());
                LOG.info("clone {} from backup {} not started yet: {}", due.name(), due.backupId(), e.getMessage());
            } catch (InterruptedException e) {
                running.remove(due.name());
                Thread.currentThread().interrupt();
                return started;
            }
        }
        return started;
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        workers.shutdownNow();
    }
}
