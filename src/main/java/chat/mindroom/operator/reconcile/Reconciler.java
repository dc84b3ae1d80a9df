package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.Background;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.dokku.HostSnapshot;
import chat.mindroom.operator.metrics.OperatorMetrics;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.Purges;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.template.RenderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One reconcile pass for one instance, as a short pipeline: place, observe (and plan), gate, apply,
 * report. Each step is a type of its own ({@link Placement}, {@link Observer}, {@link Gates},
 * {@link Applier}, {@link StatusReport}); this class strings them together and turns failures into
 * status. A tombstoned instance renders to nothing and the same pass plans its teardown.
 */
public final class Reconciler {

    /** How soon an instance holding a rollout slot is checked again after a pass that did not finish it. */
    private static final Duration ROLLOUT_CHECK = Duration.ofSeconds(5);

    private final ReconcileStore store;
    private final DokkuFleet fleet;
    private final SpecReader reader;
    private final Clock clock;
    private final OperatorMetrics metrics;
    private final ObservationCache observations;
    private final Placement placement;
    private final Observer observer;
    private final Gates gates;
    private final Applier applier;
    private final StatusWriter status;
    private final HostHealth health;
    private final Restarts restarts;
    private final Purges purges;
    private final ProbeResults probes = new ProbeResults();

    Reconciler(ReconcileStore store, DokkuFleet fleet, SpecReader reader, Clock clock, OperatorMetrics metrics,
               ObservationCache observations, Placement placement, Observer observer, Gates gates, Applier applier,
               StatusWriter status, HostHealth health, Restarts restarts, Purges purges) {
        this.store = store;
        this.fleet = fleet;
        this.reader = reader;
        this.clock = clock;
        this.metrics = metrics;
        this.observations = observations;
        this.placement = placement;
        this.observer = observer;
        this.gates = gates;
        this.applier = applier;
        this.status = status;
        this.health = health;
        this.restarts = restarts;
        this.purges = purges;
    }

    /** What a pass did. */
    public record Outcome(boolean ok, boolean retryable, int actions, Set<String> drift, Optional<Duration> retryAfter) {

        static Outcome done(int actions, Set<String> drift) {
            return new Outcome(true, false, actions, drift, Optional.empty());
        }

        static Outcome failed(boolean retryable) {
            return new Outcome(false, retryable, 0, Set.of(), Optional.empty());
        }
    }

    /**
     * The plan the next pass would carry out right now, computed read-only; {@code approval} when its
     * removals need an approval under the tier's policy.
     */
    public record Preview(String host, long generation, Plan plan, Optional<Approval> approval) {
    }

    /** The hash that approves a plan's removals, and whether an unexpired approval of it exists. */
    public record Approval(String planHash, boolean approved) {
    }

    /** Reads the host's bulk reports for the cheap observations of this resync. */
    public void snapshot(String host) {
        long start = System.nanoTime();
        Optional<HostSnapshot> snapshot;
        try {
            snapshot = fleet.client(host).snapshot();
        } catch (OperatorException e) {
            observations.snapshot(host, Optional.empty());
            throw e;
        }
        observations.snapshot(host, snapshot);
        metrics.snapshot(host, snapshot.isPresent(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The host's latest bulk snapshot, if the loop took one recently (three resync intervals); no SSH. */
    public Optional<HostSnapshot> recentSnapshot(String host) {
        return observations.freshSnapshot(host, clock.instant());
    }

    /** The age of the oldest full verification among the instances this process remembers. */
    public Duration oldestFullVerification() {
        return observations.oldestFull(clock.instant());
    }

    /** The apps on {@code host} known to be running, by the domain the proxy probe asks for. */
    public Map<String, InstanceName> probeTargets(String host) {
        return observations.probeTargets(host);
    }

    /** What a probe of one of the instance's domains found: nothing wrong, or a failure to answer. */
    public void probed(InstanceName name, String domain, Optional<ProbeResults.Failure> failure) {
        failure.ifPresentOrElse(f -> probes.failed(name, domain, f), () -> probes.answered(name, domain));
    }

    /** Forgets what is known of an instance, so its next pass reads every app (a sign of drift was seen). */
    public void suspect(InstanceName name) {
        observations.forget(name);
    }

    /** Waits for the restarts passes asked for; false if some still run after {@code timeout}. */
    public boolean awaitRestarts(Duration timeout) throws InterruptedException {
        return restarts.awaitIdle(timeout);
    }

    public Outcome reconcile(InstanceName name) {
        return reconcile(name, () -> false);
    }

    /**
     * One pass; {@code editWaiting} says whether an edit of this instance arrived meanwhile, which
     * makes a background pass's commands urgent (see {@link Background}).
     */
    public Outcome reconcile(InstanceName name, BooleanSupplier editWaiting) {
        long start = System.nanoTime();
        Outcome outcome = pass(name, editWaiting);
        String result = !outcome.ok() ? (outcome.retryable() ? "failed" : "error")
                : outcome.actions() == 0 ? "converged" : "changed";
        metrics.reconciled(result, Duration.ofNanos(System.nanoTime() - start));
        return outcome;
    }

    private Outcome pass(InstanceName name, BooleanSupplier editWaiting) {
        Optional<Instance> found = store.find(name);
        if (found.isEmpty()) {
            return Outcome.done(0, Set.of());
        }
        if (found.get().status().phase() == Phase.Deleted) {
            // Purged, but the record was not moved yet (the replica stopped in between).
            purges.archive(found.get());
            return Outcome.done(0, Set.of());
        }
        Instance instance = found.get().terminating() && !found.get().purgeAt().orElseThrow().isAfter(clock.instant())
                ? purges.start(name).orElse(found.get()) : found.get();
        SpecReader.Result parsed = reader.read(instance.spec());
        if (parsed.spec().isEmpty()) {
            return status.failed(instance, new OperatorException(ErrorCode.INVALID_SPEC, "the stored spec is invalid: "
                    + parsed.errors()), Phase.Failed);
        }
        InstanceSpec spec = parsed.spec().get();
        // Verifying an instance whose desired state is in place and known is background work: its
        // commands yield channels to edits and new instances (see Background).
        // Drift found on the way makes the rest urgent: a customer's instance is broken meanwhile.
        boolean verifying = !instance.tombstoned() && instance.status().observedGeneration() == instance.generation()
                && observations.remembers(name);
        AtomicBoolean driftFound = new AtomicBoolean();
        try {
            return Background.call(() -> verifying && !driftFound.get() && !editWaiting.getAsBoolean(),
                    () -> converge(instance, spec, driftFound));
        } catch (OperatorException e) {
            observations.forget(name);
            if (e.code() == ErrorCode.LEASE_LOST) {
                // The replica that holds the instance now owns its status too.
                return Outcome.failed(true);
            }
            return status.failed(instance, e, null);
        } catch (RenderException e) {
            observations.forget(name);
            return status.failed(instance, new OperatorException(ErrorCode.RENDER_FAILED, e.getMessage()), Phase.Failed);
        }
    }

    public Preview preview(InstanceName name) {
        Instance instance = store.find(name).orElseThrow(() -> new OperatorException(ErrorCode.NOT_FOUND,
                "instance " + name + " does not exist"));
        SpecReader.Result parsed = reader.read(instance.spec());
        if (parsed.spec().isEmpty()) {
            throw new OperatorException(ErrorCode.INVALID_SPEC, "the stored spec is invalid", parsed.errors());
        }
        String host = instance.status().host().or(placement::choose).orElseThrow(() -> new OperatorException(
                ErrorCode.COMMAND_FAILED, placement.why()));
        Planning.Planned planned = observer.preview(instance, parsed.spec().get(), fleet.client(host), clock.instant());
        return new Preview(host, instance.generation(), planned.plan(),
                gates.approvalHash(instance, parsed.spec().get(), planned.plan()).map(h -> new Approval(h,
                        gates.approvedNow(instance, h))));
    }

    private Outcome converge(Instance instance, InstanceSpec spec, AtomicBoolean driftFound) {
        InstanceName name = instance.name();
        Optional<String> placed = placement.place(instance);
        if (placed.isEmpty()) {
            return status.unschedulable(instance, placement.why());
        }
        String host = placed.get();
        if (!health.up(host)) {
            return status.hostUnreachable(instance, host, health.down(host).map(HostHealth.Down::error).orElse(""));
        }
        DokkuClient client = fleet.client(host);
        Instant started = clock.instant();
        Observer.Observation seen = observer.observe(instance, spec, client, started);
        metrics.observed(seen.depth().label());
        Plan plan = seen.plan();
        driftFound.set(!plan.actions().isEmpty());
        for (String conflict : plan.conflicts()) {
            store.recordEvent(name, NewEvent.warning("Conflict", conflict, instance.generation()));
        }
        Gates.Decision decision = gates.decide(instance, spec, plan, seen.planned().observed(), host);
        Applier.Applied applied;
        try {
            applied = applier.apply(instance, client, decision.allowed(), status.progress(instance,
                    decision.allowed()));
        } catch (RuntimeException e) {
            gates.finished(instance, decision, false, false);
            throw e;
        }
        if (!decision.allowed().isEmpty() && decision.held().isEmpty()) {
            observations.written(name, host, instance.generation(), seen.planned().observed(), decision.allowed().stream()
                    .filter(a -> !applied.tlsFailures().containsKey(a.target()) || a.stage() != Stage.TLS).toList(),
                    seen.depth() == Depth.FULL, started, clock.instant());
        }
        boolean waiting = decision.rollout() == Gates.Rollout.WAITING || decision.rollout() == Gates.Rollout.HALTED;
        // What a pass changes through a rollout slot, or on an instance known to be at an earlier
        // revision, is the operator's new revision; the rest is drift.
        boolean fromOperator = !waiting && (decision.rollout() == Gates.Rollout.GRANTED
                || gates.behindRevision(instance) && instance.status().readyRevision().isPresent());
        boolean repaired = !plan.drift().isEmpty() && instance.status().observedGeneration() == instance.generation()
                && !waiting;
        if (repaired && fromOperator) {
            store.recordEvent(name, NewEvent.normal("RevisionApplied", "brought to operator revision "
                    + gates.revision() + ": " + String.join(", ", plan.drift()), instance.generation()));
        } else if (repaired) {
            store.recordEvent(name, NewEvent.normal("DriftRepaired", "repaired: " + String.join(", ", plan.drift()),
                    instance.generation()));
            plan.drift().forEach(metrics::driftRepaired);
        } else if (waiting && !decision.allowed().isEmpty()) {
            // Only starts run while the plan waits for a slot: say which, and nothing about the rest.
            store.recordEvent(name, NewEvent.normal("DriftRepaired", "started " + decision.allowed().stream()
                    .map(Action::target).collect(Collectors.joining(", ")) + "; the rest of the plan waits for a"
                    + " slot in the rollout of operator revision " + gates.revision(), instance.generation()));
        }
        Instant now = clock.instant();
        StatusReport.Report report = StatusReport.of(instance, spec, seen, decision, applied,
                store.owedRestarts(name), store.tlsAttempts(name), probes.failing(name), host, now, gates.revision(),
                fromOperator || !repaired);
        store.recordStatus(name, report.update());
        gates.finished(instance, decision, true, report.rolloutDone());
        if (report.becameReady()) {
            metrics.converged(spec.tier(), Duration.between(instance.generationChangedAt(), now));
        }
        if (report.update().phase() == Phase.Deleted) {
            probes.forget(name);
            observations.forget(name);
            purges.archive(instance);
        }
        Optional<Duration> wake = decision.hold().flatMap(Gates.Hold::retryAfter).or(() -> instance.terminating()
                // At least a second: the purge is claimed by the database's clock, which may lag this one.
                ? Optional.of(max(Duration.between(now, instance.purgeAt().orElseThrow()), Duration.ofSeconds(1)))
                // A slot holder is looked at again soon: is what it started running and answering?
                : decision.rollout() == Gates.Rollout.GRANTED && !report.rolloutDone() ? Optional.of(ROLLOUT_CHECK)
                : Optional.empty());
        return new Outcome(plan.conflicts().isEmpty() || instance.tombstoned(), false, decision.allowed().size(),
                plan.drift(), wake);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
