package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.config.ReconcileSettings;
import chat.mindroom.operator.dokku.Background;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.metrics.OperatorMetrics;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.Replica;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when passes run: a jittered periodic resync of every instance, an immediate pass when a
 * NOTIFY says desired state changed, retries after a per-instance backoff. At most one pass per
 * instance at a time in this process, and across replicas through the per-instance lease.
 */
@Context
public final class ReconcileLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    private final ReconcileSettings settings;
    private final Reconciler reconciler;
    private final ReconcileStore store;
    private final DataSource dataSource;
    private final Clock clock;
    private final String holder;
    private final Set<InstanceName> running = ConcurrentHashMap.newKeySet();
    /** Instances whose pass must run again when the running one ends; true if an edit asked. */
    private final Map<InstanceName, Boolean> rerun = new ConcurrentHashMap<>();
    private final AtomicLong queued = new AtomicLong();
    private final Map<InstanceName, Instant> notBefore = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService leases;
    private final ExecutorService hostChecks = Executors.newCachedThreadPool(daemon("reconcile-host"));
    private volatile boolean stopped;
    private ChangeListener listener;

    private final OperatorMetrics metrics;
    private final DokkuFleet fleet;
    private final FleetGuard guard;
    private final HostHealth health;
    private final HostCheck hostCheck;

    public ReconcileLoop(ReconcileSettings settings, Reconciler reconciler, ReconcileStore store, DataSource dataSource,
                         Clock clock, OperatorMetrics metrics, DokkuFleet fleet, FleetGuard guard, HostHealth health,
                         Wakeups wakeups, Replica replica) {
        this.holder = replica.id();
        this.health = health;
        this.hostCheck = new HostCheck(fleet, reconciler, store, metrics, guard, health, clock);
        this.metrics = metrics;
        this.fleet = fleet;
        this.guard = guard;
        metrics.queueDepth(() -> running.size() + rerun.size());
        this.settings = settings;
        this.reconciler = reconciler;
        this.store = store;
        this.dataSource = dataSource;
        this.clock = clock;
        this.workers = workerPool(settings.workers());
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("reconcile-timer"));
        this.leases = Executors.newScheduledThreadPool(2, daemon("reconcile-lease"));
        if (settings.enabled()) {
            try {
                int interrupted = store.recordInterrupted(holder);
                if (interrupted > 0) {
                    LOG.warn("{} Dokku commands were running when this replica last stopped; recorded as Interrupted"
                            + " events, the next passes observe and finish the work", interrupted);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot record the commands interrupted by the last stop: {}", e.getMessage());
            }
            wakeups.register(name -> enqueue(name, false));
            start();
        } else {
            LOG.info("The reconcile loop is disabled (operator.reconcile.enabled=false)");
        }
    }

    /** The workers; passes an edit asked for run before resync passes waiting for one (see QueuedPass). */
    static ExecutorService workerPool(int workers) {
        return new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(), daemon("reconcile"));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void start() {
        long period = settings.resyncInterval().toMillis();
        timers.scheduleAtFixedRate(this::resync, 0, period, TimeUnit.MILLISECONDS);
        listener = new ChangeListener(dataSource, name -> enqueue(name, true));
        listener.start();
        LOG.info("Reconcile loop started as {}: resync every {} (jittered), {} workers", holder,
                settings.resyncInterval(), settings.workers());
    }

    /** Whether this replica runs passes at all. */
    public boolean running() {
        return settings.enabled() && !stopped;
    }

    /** A full resync now, besides the periodic ones; returns how many instances it visits. */
    public int resyncNow() {
        int[] count = new int[1];
        try {
            hostChecks.submit(() -> count[0] = resync()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return count[0];
    }

    private int resync() {
        try {
            Instant now = clock.instant();
            Map<List<String>, Integer> counts = store.countsByPhaseAndTier();
            // Only a resync that could read the database counts as one.
            metrics.fullResync(now);
            metrics.instances(counts);
            int total = counts.entrySet().stream().filter(e -> !e.getKey().get(0).equals("Deleted"))
                    .mapToInt(Map.Entry::getValue).sum();
            guard.observeDestructiveIntent(store.tombstonedSinceFleetRelease(), total, now);
            metrics.brake(guard.anyBrake());
            metrics.rolloutHalted(guard.rolloutHalted());
            metrics.tlsFailing(store.tlsFailing(3));
            metrics.oldestVerification(reconciler.oldestFullVerification());
            List<InstanceName> active = store.active();
            // Every host's bulk reports first, so the passes of this resync compare against state
            // read in this resync; then the passes, spread over a tenth of the interval (5 s at most).
            long spread = Math.max(1, Math.min(5_000, settings.resyncInterval().toMillis() / 10));
            CompletableFuture<?>[] checks = fleet.hosts().stream()
                    // Background work: a resync's host reads yield channels to edits and new instances.
                    .map(host -> CompletableFuture.runAsync(
                            () -> Background.run(() -> true, () -> hostCheck.check(host)), hostChecks))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(checks)
                    .orTimeout(settings.resyncInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((done, slow) -> {
                        for (InstanceName name : active) {
                            long jitter = ThreadLocalRandom.current().nextLong(spread);
                            passLater(name, jitter);
                        }
                    });
            return active.size();
        } catch (RuntimeException e) {
            LOG.warn("resync could not list instances: {}", e.getMessage());
            return 0;
        }
    }

    /** Schedules a pass; {@code edited} (desired state changed) cancels any backoff. */
    public void enqueue(InstanceName name, boolean edited) {
        if (stopped) {
            return;
        }
        if (edited) {
            notBefore.remove(name);
        }
        Instant wait = notBefore.get(name);
        if (wait != null && wait.isAfter(clock.instant())) {
            return;
        }
        if (!running.add(name)) {
            rerun.merge(name, edited, Boolean::logicalOr);
            return;
        }
        workers.execute(new QueuedPass(edited, queued.incrementAndGet(), () -> pass(name)));
    }

    private void pass(InstanceName name) {
        try {
            if (stopped) {
                return;
            }
            Optional<HeldLease> lease = HeldLease.claim(store, name, holder, settings.leaseTtl(), leases);
            if (lease.isEmpty()) {
                // Held by another replica; asked again so a dead holder's instance is taken over soon.
                passLater(name, Math.min(settings.leaseTtl().toMillis(), 30_000));
                return;
            }
            try (HeldLease held = lease.get()) {
                Reconciler.Outcome outcome = reconciler.reconcile(name, () -> Boolean.TRUE.equals(rerun.get(name)));
                if (outcome.retryAfter().isPresent()) {
                    passLater(name, outcome.retryAfter().get().toMillis());
                } else if (outcome.ok()) {
                    notBefore.remove(name);
                } else {
                    int attempts = store.find(name).map(i -> i.status().attempts()).orElse(1);
                    Duration delay = Backoff.delay(attempts, ThreadLocalRandom.current().nextDouble());
                    notBefore.put(name, clock.instant().plus(delay));
                    if (outcome.retryable()) {
                        passLater(name, delay.toMillis());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("instance {}: pass aborted, retried in 5 s: {}", name, e.getMessage());
            passLater(name, 5_000);
        } finally {
            running.remove(name);
            Boolean again = rerun.remove(name);
            if (again != null) {
                enqueue(name, again);
            }
        }
    }

    /** A pass of {@code name} after {@code millis}; nothing once the loop stops. */
    private void passLater(InstanceName name, long millis) {
        if (stopped) {
            return;
        }
        try {
            timers.schedule(() -> enqueue(name, false), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stoppedMeanwhile) {
            LOG.debug("no later pass of {}: the loop stopped", name);
        }
    }

    @PreDestroy
    public void stop() {
        stopped = true;
        timers.shutdownNow();
        hostChecks.shutdownNow();
        if (listener != null) {
            listener.stop();
        }
        // Passes waiting for a worker are dropped; running ones finish (within a bound), so they do
        // not abort halfway holding their leases while the database closes under them.
        ((ThreadPoolExecutor) workers).getQueue().clear();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("stopping with passes still running; they are interrupted");
                workers.shutdownNow();
            }
            // A restart already asked for finishes, so the change it applies goes live; one that
            // does not is still owed (restarts_owed) and planned again by the next start.
            if (!reconciler.awaitRestarts(Duration.ofSeconds(30))) {
                LOG.warn("stopping with restarts still running; the next start plans them again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leases.shutdownNow();
            try {
                int released = store.releaseAll(holder);
                LOG.info("Reconcile loop {} stopped; {} leases released", holder, released);
            } catch (RuntimeException e) {
                LOG.warn("Reconcile loop {} stopped; its leases expire by themselves: {}", holder, e.getMessage());
            }
        }
    }
}
