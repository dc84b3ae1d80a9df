package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.StatusUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status of passes that do not end in a {@link StatusReport}: progress while a pass
 * works, failures (with the instance's backoff), a host that does not answer, an instance no host
 * can take, and a pass waiting for a rollout slot.
 */
final class StatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    private final ReconcileStore store;
    private final HostHealth health;
    private final Clock clock;

    StatusWriter(ReconcileStore store, HostHealth health, Clock clock) {
        this.store = store;
        this.health = health;
        this.clock = clock;
    }

    /**
     * Records, before the first command and after each one, that the pass is working and how far it
     * got, so a first provisioning of a minute or more shows its progress. Passes that only restart
     * or request certificates write nothing here.
     */
    IntConsumer progress(Instance instance, List<Action> actions) {
        int planned = (int) actions.stream().filter(a -> !(a instanceof Action.Restart) && a.stage() != Stage.TLS).count();
        if (planned == 0) {
            return done -> { };
        }
        Phase phase = instance.purging() ? Phase.Deleting : instance.terminating() ? Phase.Terminating
                : instance.status().readyGeneration() == 0 ? Phase.Provisioning : Phase.Updating;
        String reason = instance.tombstoned() || instance.status().readyGeneration() == 0 ? phase.name()
                : instance.status().observedGeneration() == instance.generation() ? "Repairing" : "Updating";
        IntConsumer write = done -> {
            if (done > planned) {
                return;
            }
            String progress = done + " of " + planned + " actions done";
            List<Condition> conditions = new Conditions(instance.status(), clock.instant())
                    .set("Ready", false, reason, "applying generation " + instance.generation() + ": " + progress)
                    .set("Synced", false, "Applying", progress).withPrevious();
            store.recordProgress(instance.name(), phase, conditions);
        };
        write.accept(0);
        return write;
    }

    /** A pass that failed: the error, the backoff, and Ready saying why (HostUnreachable when it is that). */
    Reconciler.Outcome failed(Instance instance, OperatorException e, Phase phase) {
        String host = instance.status().host().orElse(null);
        boolean unreachable = host != null && health.observe(host, e);
        Phase next = phase != null ? phase
                : unreachable ? instance.status().phase()
                : instance.purging() ? Phase.Deleting
                : instance.terminating() ? Phase.Terminating
                : !e.retryable() ? Phase.Failed
                : instance.status().readyGeneration() == 0 ? Phase.Provisioning : Phase.Degraded;
        int attempts = instance.status().attempts() + 1;
        Instant now = clock.instant();
        Instant retry = now.plus(Backoff.delay(attempts, ThreadLocalRandom.current().nextDouble()));
        LOG.warn("instance {}: pass failed ({}), attempt {}, next at {}: {}", instance.name(), e.code(), attempts, retry,
                e.getMessage());
        store.recordEvent(instance.name(), NewEvent.warning("ReconcileFailed", e.code() + ": " + e.getMessage(),
                instance.generation()));
        store.recordStatus(instance.name(), StatusReport.failed(instance, e, next,
                unreachable ? Conditions.UNKNOWN : Conditions.FALSE, unreachable ? "HostUnreachable" : "ReconcileFailed",
                attempts, retry, now));
        return Reconciler.Outcome.failed(e.retryable());
    }

    /**
     * The instance's host does not answer: nothing is tried, Ready turns Unknown naming the host,
     * and the next resync (which checks the host first) visits it again; no backoff builds up.
     */
    Reconciler.Outcome hostUnreachable(Instance instance, String host, String error) {
        OperatorException e = new OperatorException(ErrorCode.TRANSPORT_FAILURE, "host " + host
                + " does not answer: " + error);
        boolean already = instance.status().conditions().stream().anyMatch(c -> c.type().equals("Ready")
                && c.reason().equals("HostUnreachable"));
        if (!already) {
            store.recordEvent(instance.name(), NewEvent.warning("HostUnreachable", e.getMessage(), instance.generation()));
        }
        Instant now = clock.instant();
        store.recordStatus(instance.name(), StatusReport.failed(instance, e, instance.status().phase(),
                Conditions.UNKNOWN, "HostUnreachable", instance.status().attempts(), now, now));
        return Reconciler.Outcome.done(0, Set.of());
    }

    /** No host can take the instance: it stays Pending and says why, and is placed once one can. */
    Reconciler.Outcome unschedulable(Instance instance, String why) {
        boolean already = instance.status().conditions().stream().anyMatch(c -> c.type().equals("Ready")
                && c.reason().equals("Unschedulable"));
        if (!already) {
            store.recordEvent(instance.name(), NewEvent.warning("Unschedulable", why, instance.generation()));
        }
        Instant now = clock.instant();
        List<Condition> conditions = new Conditions(instance.status(), now).set("Ready", false, "Unschedulable", why)
                .set("Synced", false, "Unschedulable", why).withPrevious();
        store.recordStatus(instance.name(), new StatusUpdate(Phase.Pending, instance.status().observedGeneration(),
                conditions, List.of(), now, Optional.empty(), Optional.empty(), 0, Optional.empty(), List.of(), 0));
        return new Reconciler.Outcome(true, false, 0, Set.of(), Optional.of(Duration.ofSeconds(30)));
    }
}
