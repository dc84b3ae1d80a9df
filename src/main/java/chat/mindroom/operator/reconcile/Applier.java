package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.Background;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.metrics.OperatorMetrics;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.TlsAttempt;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions a pass may run, in three ways: the plan proper stage by stage (any
 * failure fails the pass), restarts outside the pass (recorded as owed first, see {@link Restarts}),
 * and certificates last and best effort: a certificate that cannot be had is recorded with its
 * cause and next attempt, and never fails the pass or holds anything else back.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** What was carried out: actions done, restarts asked for, certificate requests that failed. */
    record Applied(int done, List<String> restarts, Map<String, TlsFailure> tlsFailures) {
    }

    private final Executor executor;
    private final Restarts restarts;
    private final ReconcileStore store;
    private final FleetGuard guard;
    private final OperatorMetrics metrics;
    private final ExecutorService pool;
    private final Optional<String> letsencryptEmail;
    private final Clock clock;

    Applier(Executor executor, Restarts restarts, ReconcileStore store, FleetGuard guard, OperatorMetrics metrics,
            ExecutorService pool, Optional<String> letsencryptEmail, Clock clock) {
        this.executor = executor;
        this.restarts = restarts;
        this.store = store;
        this.guard = guard;
        this.metrics = metrics;
        this.pool = pool;
        this.letsencryptEmail = letsencryptEmail;
        this.clock = clock;
    }

    /** Runs {@code actions}; {@code progress} hears how many are done after each one. */
    Applied apply(Instance instance, DokkuClient client, List<Action> actions, IntConsumer progress) {
        InstanceName name = instance.name();
        long generation = instance.generation();
        String host = client.hostName();
        List<Action> plan = actions.stream().filter(a -> !(a instanceof Action.Restart) && a.stage() != Stage.TLS)
                .toList();
        AtomicInteger done = new AtomicInteger();
        BooleanSupplier background = Background.current();
        PhasedRun.run(plan, pool, action -> Background.run(background, () -> {
            LOG.info("instance {} on host {}: {}", name, host, action.describe());
            executor.apply(name, generation, client, action);
            if (action instanceof Action.DestroyApp) {
                guard.destroyed(host, 1);
            }
            if (action instanceof Action.Deploy || action instanceof Action.StartApp) {
                store.settleRestart(host, action.target(), generation);
            }
            progress.accept(done.incrementAndGet());
        }));
        List<String> restarted = actions.stream().filter(a -> a instanceof Action.Restart).map(Action::target).toList();
        for (String app : restarted) {
            LOG.info("instance {} on host {}: ps:restart {} (asked for; runs outside the pass)", name, host, app);
            restarts.request(name, generation, client, app);
        }
        Map<String, TlsFailure> tlsFailures = new TreeMap<>();
        for (Action action : actions) {
            if (action.stage() == Stage.TLS) {
                certify(instance, client, action).ifPresent(f -> tlsFailures.put(action.target(), f));
                progress.accept(done.incrementAndGet());
            }
        }
        return new Applied(done.get() + restarted.size(), restarted, tlsFailures);
    }

    private Optional<TlsFailure> certify(Instance instance, DokkuClient client, Action action) {
        InstanceName name = instance.name();
        String app = action.target();
        Instant at = clock.instant();
        try {
            if (letsencryptEmail.isPresent()) {
                executor.record(name, instance.generation(), client.setTlsEmail(app, letsencryptEmail.get()));
            }
            executor.apply(name, instance.generation(), client, action);
            store.tlsSettled(name, app);
            metrics.tlsAttempt("ok");
            return Optional.empty();
        } catch (OperatorException e) {
            if (e.code() == ErrorCode.TRANSPORT_FAILURE || e.code() == ErrorCode.DATABASE_UNAVAILABLE) {
                throw e;
            }
            TlsFailure failure = TlsFailure.classify(e);
            int failures = Optional.ofNullable(store.tlsAttempts(name).get(app)).map(TlsAttempt::failures).orElse(0) + 1;
            Instant next = at.plus(failure.retryAfter(failures));
            store.tlsFailed(name, new TlsAttempt(app, failures, failure.name(), e.getMessage(), at, next));
            store.recordEvent(name, NewEvent.warning("CertificateFailed", app + ": " + failure.name() + " (attempt "
                    + failures + ", next at " + next + "): " + e.getMessage(), instance.generation()));
            metrics.tlsAttempt(failure.name());
            LOG.warn("instance {}: certificate for {} failed ({}), next attempt at {}: {}", name, app, failure, next,
                    e.getMessage());
            return Optional.of(failure);
        }
    }
}
