package chat.mindroom.operator.backup;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.template.BackupPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the scheduled backups. Every tick it looks at the fleet once: an instance whose slot began
 * (see {@link BackupSchedule}) and that has no backup for it gets one, as long as its host has a free
 * place in the per-host budget; the rest wait for a later tick. Backups run on their own threads as
 * background SSH work (slow commands, which never take a host's last channel, and yield to edits),
 * so the reconcile loop is never kept waiting. Every replica runs a schedule; the claim row in
 * PostgreSQL makes sure only one of them takes each slot's backup.
 */
public final class BackupScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final BackupStore store;
    private final Backups backups;
    private final Function<Optional<String>, BackupPolicy> policies;
    private final BackupMetrics metrics;
    private final Clock clock;
    private final int perHost;
    private final Map<String, Semaphore> budgets = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backup-schedule");
        t.setDaemon(true);
        return t;
    });

    /** @param policies the policy of a tier (by name; empty or unknown: the default one) */
    public BackupScheduler(BackupStore store, Backups backups, Function<Optional<String>, BackupPolicy> policies,
                           BackupMetrics metrics, Clock clock, int perHost) {
        this.store = store;
        this.backups = backups;
        this.policies = policies;
        this.metrics = metrics;
        this.clock = clock;
        this.perHost = perHost;
    }

    public void start(Duration every) {
        repeat(every, "backup schedule", this::tick);
    }

    /** Every {@code every}, deletes the backups of instances purged more than {@code keep} ago. */
    public void pruneAfterPurge(Duration every, Duration keep) {
        repeat(every, "backups of purged instances", () -> {
            int deleted = backups.pruneAfterPurge(keep);
            if (deleted > 0) {
                LOG.info("deleted {} backups of instances purged more than {} ago", deleted, keep);
            }
        });
    }

    /** Runs {@code work} on the schedule's thread every {@code every}; a failure is logged and the next run goes on. */
    private void repeat(Duration every, String what, Runnable work) {
        ticks.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: {}", what, e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look at the fleet: starts the due backups the budgets allow and updates the gauges; returns how many started. */
    public int tick() {
        Instant now = clock.instant();
        Map<String, BackupStore.Latest> latest = store.latest();
        long oldest = 0;
        int overdue = 0;
        int started = 0;
        for (BackupStore.Scheduled instance : store.fleet()) {
            if (!instance.placedAndReady()) {
                continue;
            }
            BackupPolicy policy = policies.apply(instance.tier());
            BackupStore.Latest last = latest.getOrDefault(instance.name(),
                    new BackupStore.Latest(Optional.empty(), Optional.empty(), false));
            Instant since = last.complete().orElse(instance.createdAt());
            oldest = Math.max(oldest, Duration.between(since, now).toSeconds());
            if (BackupSchedule.overdue(policy, instance.createdAt(), last.complete(), now)) {
                overdue++;
            }
            if (BackupSchedule.due(instance.name(), policy, instance.createdAt(), last.attempt(), last.lastFailed(),
                    now) && launch(instance.name(), instance.host().orElseThrow(), BackupSchedule.slotStart(instance.name(), policy.every(), now))) {
                started++;
            }
        }
        metrics.fleet(oldest, overdue);
        return started;
    }

    private boolean launch(String name, String host, Instant slot) {
        Semaphore budget = budgets.computeIfAbsent(host, h -> new Semaphore(perHost));
        if (!budget.tryAcquire()) {
            return false;
        }
        try {
            workers.execute(() -> {
                try {
                    backups.start(new InstanceName(name), "scheduled", Optional.of(slot)).ifPresent(backups::run);
                } catch (RuntimeException e) {
                    LOG.warn("scheduled backup of {} not taken: {}", name, e.getMessage());
                } finally {
                    budget.release();
                }
            });
            return true;
        } catch (RuntimeException e) {
            budget.release();
            throw e;
        }
    }

    /** Backups running on this replica now, on {@code host}. */
    public int running(String host) {
        Semaphore budget = budgets.get(host);
        return budget == null ? 0 : perHost - budget.availablePermits();
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        workers.shutdownNow();
    }
}
