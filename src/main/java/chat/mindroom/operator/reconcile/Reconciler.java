package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.Background;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.metrics.OperatorMetrics;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.MatrixSpec;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.StatusUpdate;
import chat.mindroom.operator.template.DesiredApp;
import chat.mindroom.operator.template.DesiredState;
import chat.mindroom.operator.template.EnvValue;
import chat.mindroom.operator.template.RenderException;
import chat.mindroom.operator.template.Renderer;
import chat.mindroom.operator.template.Templates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass for one instance: load the spec, render the desired state, observe the host
 * (read-only), plan (pure), execute (the only writer), record status and events. A tombstoned
 * instance renders to nothing and the same pass plans its teardown.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ReconcileStore store;
    private final DokkuFleet fleet;
    private final Renderer renderer;
    private final SpecReader reader;
    private final Executor executor;
    private final Clock clock;
    private final OperatorMetrics metrics;
    private final FleetGuard guard;
    private final ObservationCache observations;
    private final Restarts restarts;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "reconcile-action");
        t.setDaemon(true);
        return t;
    });

    public Reconciler(ReconcileStore store, DokkuFleet fleet, Templates templates, Renderer renderer,
                      String baseDomain, Executor executor, Clock clock, OperatorMetrics metrics, FleetGuard guard,
                      ObservationCache observations) {
        this.observations = observations;
        this.restarts = new Restarts(executor, store);
        this.metrics = metrics;
        this.guard = guard;
        this.store = store;
        this.fleet = fleet;
        this.renderer = renderer;
        this.reader = new SpecReader(templates.tiers(), baseDomain);
        this.executor = executor;
        this.clock = clock;
    }

    /** What a pass did. */
    public record Outcome(boolean ok, boolean retryable, int actions, Set<String> drift,
                          Optional<java.time.Duration> retryAfter) {
    }

    /** Reads the host's bulk reports for the cheap observations of this resync. */
    public void snapshot(String host) {
        long start = System.nanoTime();
        Optional<chat.mindroom.operator.dokku.HostSnapshot> snapshot;
        try {
            snapshot = fleet.client(host).snapshot();
        } catch (OperatorException e) {
            observations.snapshot(host, Optional.empty());
            throw e;
        }
        observations.snapshot(host, snapshot);
        metrics.snapshot(host, snapshot.isPresent(), java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Waits for the restarts passes asked for (they run outside the pass); false if some are still
     * running after {@code timeout}. For an orderly shutdown, and for tests that count restarts.
     */
    public boolean awaitRestarts(java.time.Duration timeout) throws InterruptedException {
        return restarts.awaitIdle(timeout);
    }

    public Outcome reconcile(InstanceName name) {
        return reconcile(name, () -> false);
    }

    /**
     * One pass; {@code editWaiting} says whether an edit of this instance arrived meanwhile, which
     * makes a background pass's commands urgent (see {@link Background}).
     */
    public Outcome reconcile(InstanceName name, java.util.function.BooleanSupplier editWaiting) {
        long start = System.nanoTime();
        Outcome outcome = pass(name, editWaiting);
        String result = !outcome.ok() ? (outcome.retryable() ? "failed" : "error")
                : outcome.actions() == 0 ? "converged" : "changed";
        metrics.reconciled(result, java.time.Duration.ofNanos(System.nanoTime() - start));
        return outcome;
    }

    private Outcome pass(InstanceName name, java.util.function.BooleanSupplier editWaiting) {
        Optional<Instance> found = store.find(name);
        if (found.isEmpty() || found.get().status().phase() == Phase.Deleted) {
            return new Outcome(true, false, 0, Set.of(), Optional.empty());
        }
        Instance instance = found.get();
        SpecReader.Result parsed = reader.read(instance.spec());
        if (parsed.spec().isEmpty()) {
            String message = "the stored spec is invalid: " + parsed.errors();
            fail(instance, new OperatorException(ErrorCode.INVALID_SPEC, message), Phase.Failed);
            return new Outcome(false, false, 0, Set.of(), Optional.empty());
        }
        InstanceSpec spec = parsed.spec().get();
        // Verifying an instance whose desired state is in place, and whose state is known (it was
        // observed since its last creates and failures), is background work: its commands yield
        // channels to edits and new instances (see Background). Checking a new instance is not.
        boolean verifying = !instance.tombstoned() && instance.status().observedGeneration() == instance.generation()
                && observations.remembers(name);
        try {
            return Background.call(() -> verifying && !editWaiting.getAsBoolean(), () -> converge(instance, spec));
        } catch (OperatorException e) {
            observations.forget(name);
            Phase phase = instance.tombstoned() ? Phase.Deleting
                    : !e.retryable() ? Phase.Failed
                    : instance.status().observedGeneration() == 0 ? Phase.Provisioning : Phase.Degraded;
            fail(instance, e, phase);
            return new Outcome(false, e.retryable(), 0, Set.of(), Optional.empty());
        } catch (RenderException e) {
            observations.forget(name);
            fail(instance, new OperatorException(ErrorCode.RENDER_FAILED, e.getMessage()), Phase.Failed);
            return new Outcome(false, false, 0, Set.of(), Optional.empty());
        }
    }

    /** The plan the next pass would carry out right now, computed read-only. */
    public record Preview(String host, long generation, Plan plan) {
    }

    public Preview preview(InstanceName name) {
        Instance instance = store.find(name).orElseThrow(() -> new OperatorException(ErrorCode.NOT_FOUND,
                "instance " + name + " does not exist"));
        SpecReader.Result parsed = reader.read(instance.spec());
        if (parsed.spec().isEmpty()) {
            throw new OperatorException(ErrorCode.INVALID_SPEC, "the stored spec is invalid", parsed.errors());
        }
        String host = instance.status().host().orElseGet(this::chooseHost);
        Pass pass = prepare(instance, parsed.spec().get(), host, false, Optional.empty());
        return new Preview(host, instance.generation(), pass.plan());
    }

    private record Pass(DesiredState desired, ObservedState observed, Plan plan) {
    }

    /** Renders and plans; observes the host app by app unless {@code known} already says what is there. */
    private Pass prepare(Instance instance, InstanceSpec spec, String host, boolean createSecrets,
                         Optional<ObservedState> known) {
        InstanceName name = instance.name();
        DokkuClient client = fleet.client(host);
        DesiredState desired = renderer.render(name, spec);
        DesiredState everything = renderer.render(name, withMatrix(spec));
        Set<String> secretNames = new TreeSet<>();
        for (DesiredApp app : everything.apps().values()) {
            app.env().values().forEach(v -> {
                if (v instanceof EnvValue.Secret s) {
                    secretNames.add(s.name());
                }
            });
        }
        Map<String, String> secrets = new TreeMap<>(createSecrets ? store.secrets(name, secretNames)
                : store.existingSecrets(name, secretNames));
        secretNames.forEach(s -> secrets.putIfAbsent(s, "<a new generated secret>"));
        Map<String, ServiceKind> services = new TreeMap<>();
        everything.services().values().forEach(s -> services.put(s.name(), s.kind()));
        // An instance that never converged is most likely not there yet: list first, read what exists.
        ObservedState observed = known.orElseGet(() -> instance.status().observedGeneration() == 0
                && !instance.tombstoned() ? client.observeNew(everything.apps().keySet(), services)
                : client.observe(everything.apps().keySet(), services));
        boolean deleting = instance.tombstoned();
        boolean backupDone = deleting && store.backupSince(name, instance.deletionRequestedAt().get());
        Plan plan = Planner.plan(new PlanInput(name, deleting ? DesiredState.nothing(name) : desired, secrets, observed,
                spec.suspended(), deleting, spec.backupOnDelete(), backupDone, store.createdApps(name)));
        return new Pass(desired, observed, plan);
    }

    private Outcome converge(Instance instance, InstanceSpec spec) {
        InstanceName name = instance.name();
        String host = store.place(name, instance.status().host().orElseGet(this::chooseHost));
        DokkuClient client = fleet.client(host);
        Instant started = clock.instant();
        Optional<ObservedState> cheap = instance.tombstoned() || restarts.owes(name) ? Optional.empty()
                : observations.cheap(name, host, instance.generation(), started);
        Pass pass = cheap.map(known -> prepare(instance, spec, host, true, Optional.of(known)))
                .filter(p -> p.plan().actions().isEmpty() && p.plan().conflicts().isEmpty())
                .orElse(null);
        String depth = "snapshot";
        if (pass == null && !instance.tombstoned()) {
            pass = targeted(instance, spec, host, client, started).orElse(null);
            depth = "targeted";
        }
        if (pass == null) {
            pass = prepare(instance, spec, host, true, Optional.empty());
            depth = "full";
        }
        boolean observedInFull = depth.equals("full");
        metrics.observed(depth);
        if (!pass.plan().conflicts().isEmpty() || instance.tombstoned()) {
            observations.forget(name);
        } else if (pass.plan().actions().isEmpty() && observedInFull) {
            observations.converged(name, host, instance.generation(), pass.observed(), started);
        }
        boolean observedAllApps = observedInFull;
        guard.knownApps(pass.observed().apps().keySet());
        DesiredState desired = pass.desired();
        ObservedState observed = pass.observed();
        Plan plan = pass.plan();
        boolean deleting = instance.tombstoned();
        Instant now = clock.instant();
        for (String conflict : plan.conflicts()) {
            store.recordEvent(name, NewEvent.warning("Conflict", conflict, instance.generation()));
        }

        // A new operator release reaches running apps through the rollout gate.
        boolean rollout = !deleting && spec.release().isEmpty() && plan.actions().stream().anyMatch(a ->
                a instanceof Action.Deploy d && observed.apps().containsKey(d.app())
                        && observed.apps().get(d.app()).deployed());
        Optional<Condition> rolloutCondition = Optional.empty();
        if (rollout) {
            FleetGuard.RolloutSlot slot = guard.acquireRollout(name);
            if (slot != FleetGuard.RolloutSlot.GRANTED) {
                boolean halted = slot == FleetGuard.RolloutSlot.HALTED;
                String message = halted ? "the fleet rollout of the new release is halted after repeated failures"
                        : "waiting for a rollout slot (at most " + guard.rolloutState().get("maxInFlight") + " at once)";
                List<Condition> conditions = new ArrayList<>(instance.status().conditions().stream()
                        .filter(c -> !c.type().equals("Rollout")).toList());
                conditions.add(condition(instance, "Rollout", false, halted ? "RolloutHalted" : "RolloutWaiting",
                        message, now));
                store.recordStatus(name, new StatusUpdate(instance.status().phase(), instance.status().observedGeneration(),
                        conditions, instance.status().urls(), now, Optional.empty(), Optional.empty(),
                        instance.status().attempts(), Optional.empty(), List.of()));
                return new Outcome(true, false, 0, Set.of(), halted ? Optional.empty()
                        : Optional.of(java.time.Duration.ofSeconds(2)));
            }
            rolloutCondition = Optional.of(condition(instance, "Rollout", true, "RolloutDone",
                    "running the operator's current release", now));
        }

        List<Action> actions = plan.actions();
        Optional<FleetGuard.Brake> brake = guard.brakeFor(host);
        if (brake.isPresent() && actions.stream().anyMatch(Action::destructive)) {
            List<String> held = actions.stream().filter(Action::destructive).map(Action::describe).toList();
            actions = actions.stream().filter(a -> !a.destructive()).toList();
            store.recordEvent(name, NewEvent.warning("SafetyBrake", "destructive actions paused ("
                    + brake.get().reason() + "): " + String.join("; ", held), instance.generation()));
        }
        // Restarts leave the pass (see Restarts); an owed one is asked for again.
        List<String> restartApps = new ArrayList<>();
        for (String app : desired.apps().keySet()) {
            boolean processAction = actions.stream().anyMatch(a -> PhasedRun.phase(a) == PhasedRun.phase(
                    new Action.Restart(app)) && app.equals(PhasedRun.target(a)));
            if (restarts.owed(host, app) && !processAction && observed.apps().containsKey(app)
                    && observed.apps().get(app).deployed()) {
                restartApps.add(app);
            }
        }
        actions.stream().filter(a -> a instanceof Action.Restart).forEach(a -> restartApps.add(((Action.Restart) a).app()));
        List<Action> inPass = actions.stream().filter(a -> !(a instanceof Action.Restart)).toList();
        try {
            java.util.function.BooleanSupplier background = Background.current();
            PhasedRun.run(inPass, pool, action -> Background.run(background, () -> {
                LOG.info("instance {} on host {}: {}", name, host, action.describe());
                executor.apply(name, instance.generation(), client, action);
                if (action instanceof Action.DestroyApp) {
                    guard.destroyed(host, 1);
                }
            }));
        } catch (RuntimeException e) {
            if (rollout) {
                guard.finishRollout(name, false);
            }
            throw e;
        }
        if (!actions.isEmpty() && actions.size() == plan.actions().size()) {
            observations.written(name, host, instance.generation(), observed, actions, observedAllApps, started,
                    clock.instant());
        }
        for (String app : restartApps) {
            LOG.info("instance {} on host {}: ps:restart {} (asked for; runs outside the pass)", name, host, app);
            restarts.request(name, instance.generation(), client, app);
        }
        if (rollout) {
            guard.finishRollout(name, true);
        }
        boolean held = actions.size() < plan.actions().size();
        if (!plan.drift().isEmpty() && instance.status().observedGeneration() == instance.generation()) {
            store.recordEvent(name, NewEvent.normal("DriftRepaired", "repaired: " + String.join(", ", plan.drift()),
                    instance.generation()));
            plan.drift().forEach(metrics::driftRepaired);
        }
        if (!deleting && !held && instance.status().observedGeneration() != instance.generation()
                && plan.conflicts().isEmpty()) {
            metrics.converged(spec.tier(), java.time.Duration.between(instance.generationChangedAt(), now));
        }
        Phase phase = deleting ? (held ? Phase.Deleting : Phase.Deleted) : spec.suspended() ? Phase.Suspended : Phase.Ready;
        boolean conflicted = !plan.conflicts().isEmpty();
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(instance, "Ready", !conflicted && phase == Phase.Ready,
                conflicted ? "Conflict" : phase.name(), conflicted ? String.join("; ", plan.conflicts())
                        : "every app and service matches the spec", now));
        conditions.add(condition(instance, "Synced", !conflicted && !held,
                conflicted ? "Conflict" : held ? "SafetyBrake" : "Converged",
                held ? "destructive actions paused: " + brake.map(FleetGuard.Brake::reason).orElse("")
                        : actions.size() + " actions applied", now));
        boolean tls = observed.facts().letsencrypt();
        conditions.add(condition(instance, "TLS", tls && !spec.suspended(), tls ? "Letsencrypt" : "PluginMissing",
                tls ? "certificates requested through letsencrypt" : "host " + host
                        + " has no letsencrypt plugin; apps are served without TLS", now));
        rolloutCondition.ifPresent(conditions::add);
        List<String> urls = new ArrayList<>();
        desired.apps().values().forEach(a -> a.domains().forEach(d -> urls.add("https://" + d)));
        store.recordStatus(name, new StatusUpdate(conflicted ? Phase.Failed : phase, instance.generation(), conditions,
                deleting ? List.of() : urls, now, conflicted ? Optional.of("CONFLICT") : Optional.empty(),
                conflicted ? Optional.of(String.join("; ", plan.conflicts())) : Optional.empty(), 0, Optional.empty(),
                new ArrayList<>(plan.drift())));
        if (deleting && !held) {
            store.recordEvent(name, NewEvent.normal("Deleted", "apps and services destroyed", instance.generation()));
        }
        return new Outcome(!conflicted, false, actions.size(), plan.drift(), Optional.empty());
    }

    /** Actions whose effect a fresh read of the apps they touch is enough to plan. */
    private static boolean appLocal(Action action) {
        return action instanceof Action.SetConfig || action instanceof Action.UnsetConfig
                || action instanceof Action.SetLimits || action instanceof Action.SetDomains
                || action instanceof Action.MountStorage || action instanceof Action.UnmountStorage
                || action instanceof Action.EnsureStorage || action instanceof Action.Deploy
                || action instanceof Action.Restart || action instanceof Action.StopApp
                || action instanceof Action.StartApp || action instanceof Action.EnableTls;
    }

    private static boolean writtenWhole(Action action) {
        return action instanceof Action.SetConfig || action instanceof Action.UnsetConfig
                || action instanceof Action.SetLimits || action instanceof Action.SetDomains
                || action instanceof Action.Restart;
    }

    /**
     * A pass whose reads are proportional to the change: what is known about the instance suggests
     * a plan. When that plan only writes settings whole (a tier or limits edit, an out-of-band limit
     * set back), it is carried out without reading; when it changes other settings of existing apps
     * (deploys, mounts, TLS), just those apps are read again and the plan is made from the fresh
     * reads. Anything else, or a plan that grows, takes a full observation.
     */
    private Optional<Pass> targeted(Instance instance, InstanceSpec spec, String host, DokkuClient client,
                                    Instant now) {
        Optional<ObservedState> known = observations.known(instance.name(), host, now);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Pass guess = prepare(instance, spec, host, true, known);
        Set<String> apps = new TreeSet<>();
        for (Action action : guess.plan().actions()) {
            if (!appLocal(action)) {
                return Optional.empty();
            }
            if (!(action instanceof Action.EnsureStorage)) {
                apps.add(PhasedRun.target(action));
            }
        }
        if (apps.isEmpty() || !guess.plan().conflicts().isEmpty() || !known.get().apps().keySet().containsAll(apps)) {
            return Optional.empty();
        }
        // Settings written whole (config keys, limits, domains), and the restarts that apply them,
        // converge whatever the app holds now: such a plan needs no read. If the app went meanwhile
        // the write fails and the next pass observes in full.
        if (guess.plan().actions().stream().allMatch(Reconciler::writtenWhole)) {
            return Optional.of(guess);
        }
        ObservedState fresh = client.observe(apps, Map.of());
        java.util.SortedMap<String, chat.mindroom.operator.dokku.ObservedApp> merged = new TreeMap<>(known.get().apps());
        merged.putAll(fresh.apps());
        Pass pass = prepare(instance, spec, host, true,
                Optional.of(new ObservedState(merged, known.get().services(), fresh.facts())));
        for (Action action : pass.plan().actions()) {
            if (!appLocal(action) || !(action instanceof Action.EnsureStorage || apps.contains(PhasedRun.target(action)))) {
                return Optional.empty();
            }
        }
        return pass.plan().conflicts().isEmpty() ? Optional.of(pass) : Optional.empty();
    }

    private static InstanceSpec withMatrix(InstanceSpec spec) {
        return new InstanceSpec(spec.tier(), spec.account(), spec.limits(), new MatrixSpec(true, spec.matrix().server()),
                spec.domains(), spec.release(), spec.suspended(), spec.backupOnDelete());
    }

    private String chooseHost() {
        Map<String, Integer> placed = store.placements();
        DokkuHost best = null;
        int bestFree = 0;
        for (DokkuHost host : fleet.hosts()) {
            int free = host.capacity() - placed.getOrDefault(host.name(), 0);
            if (free > bestFree) {
                best = host;
                bestFree = free;
            }
        }
        if (best == null) {
            throw new OperatorException(ErrorCode.COMMAND_FAILED, "no Dokku host has free capacity");
        }
        return best.name();
    }

    private static Condition condition(Instance instance, String type, boolean status, String reason, String message,
                                       Instant now) {
        String value = status ? "True" : "False";
        Instant since = instance.status().conditions().stream()
                .filter(c -> c.type().equals(type) && c.status().equals(value))
                .map(Condition::lastTransitionTime).findFirst().orElse(now);
        return new Condition(type, value, reason, message, since);
    }

    private void fail(Instance instance, OperatorException e, Phase phase) {
        int attempts = instance.status().attempts() + 1;
        Instant now = clock.instant();
        Instant next = now.plus(Backoff.delay(attempts, ThreadLocalRandom.current().nextDouble()));
        LOG.warn("instance {}: pass failed ({}), attempt {}, next at {}: {}", instance.name(), e.code(), attempts, next,
                e.getMessage());
        store.recordEvent(instance.name(), NewEvent.warning("ReconcileFailed", e.code() + ": " + e.getMessage(),
                instance.generation()));
        List<Condition> conditions = List.of(
                condition(instance, "Ready", false, "ReconcileFailed", e.getMessage(), now),
                condition(instance, "Synced", false, e.code().name(), e.getMessage(), now));
        store.recordStatus(instance.name(), new StatusUpdate(phase, instance.status().observedGeneration(), conditions,
                instance.status().urls(), now, Optional.of(e.code().name()), Optional.of(e.getMessage()), attempts,
                Optional.of(next), List.of()));
    }
}
