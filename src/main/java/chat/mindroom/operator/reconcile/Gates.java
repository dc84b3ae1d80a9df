package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.Approvals;
import chat.mindroom.operator.store.GateStore;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.ReconcileStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What of a plan may run now: the rollout gate (a new operator release, or new templates, reaches
 * running apps at most N instances at a time, halting after repeated failures) and the safety brakes (destructive
 * actions pause while a host's or the fleet's brake is on).
 */
final class Gates {

    /** The rollout gate's answer for one pass. */
    enum Rollout {
        /** The plan moves no running app to a new release. */
        NONE,
        GRANTED,
        WAITING,
        HALTED
    }

    /**
     * Why destructive actions wait: {@code reason} is {@code SafetyBrake}, {@code DeletionScheduled} or
     * {@code RemovalScheduled};
     * {@code retryAfter} when the wait has a known end.
     */
    record Hold(String reason, String message, Optional<Duration> retryAfter) {
    }

    /**
     * @param allowed the actions that may run now
     * @param held    actions paused (see {@code hold}): destructive ones, or those waiting for a rollout slot
     */
    record Decision(List<Action> allowed, List<Action> held, Optional<Hold> hold, Rollout rollout) {
    }

    /** How soon an instance waiting for a rollout slot asks again. */
    private static final Duration WAITING_RETRY = Duration.ofSeconds(2);

    private final FleetGuard guard;
    private final ReconcileStore store;
    private final GateStore gates;
    private final Duration deletionSettle;
    private final Approvals approvals;
    private final Predicate<String> approvalRequired;
    private final Clock clock;

    /**
     * @param deletionSettle how long a tombstone waits before anything is destroyed, so that the
     *                       deletions of a mass delete are all counted (and the fleet brake engaged)
     *                       before the first teardown starts
     * @param approvalRequired whether a tier's policy makes removals wait for an approval
     */
    Gates(FleetGuard guard, ReconcileStore store, GateStore gates, Duration deletionSettle, Approvals approvals,
          Predicate<String> approvalRequired, Clock clock) {
        this.guard = guard;
        this.store = store;
        this.gates = gates;
        this.deletionSettle = deletionSettle;
        this.approvals = approvals;
        this.approvalRequired = approvalRequired;
        this.clock = clock;
    }

    Decision decide(Instance instance, InstanceSpec spec, Plan plan, ObservedState observed, String host) {
        // The apps a pass saw are known: the host check's orphan scan does not read them again.
        guard.knownApps(observed.apps().keySet());
        List<Action> actions = plan.actions();
        List<Action> moving = instance.tombstoned() ? List.of() : actions.stream().filter(a -> spec.release().isEmpty()
                && upgradesRunning(a, observed) || behindRevision(instance) && changesRunning(a, observed)).toList();
        Rollout rollout = moving.isEmpty() ? Rollout.NONE : switch (guard.acquireRollout(instance.name())) {
            case GRANTED -> Rollout.GRANTED;
            case WAIT -> Rollout.WAITING;
            case HALTED -> Rollout.HALTED;
        };
        if (rollout == Rollout.WAITING || rollout == Rollout.HALTED) {
            // Without a slot the plan waits whole: applying part of it (a link whose restart waits, new
            // domains whose env waits) would leave the apps between two revisions. Only starting an app
            // that is down (by hand, or crashed) goes on: it changes nothing about the revision.
            List<Action> starts = actions.stream().filter(a -> a instanceof Action.StartApp).toList();
            Hold waiting = new Hold(rollout == Rollout.HALTED ? "RolloutHalted" : "RolloutWaiting",
                    waitingMessage(rollout), rollout == Rollout.HALTED || !starts.isEmpty() ? Optional.empty()
                    : Optional.of(WAITING_RETRY));
            return new Decision(starts, actions.stream().filter(a -> !starts.contains(a)).toList(),
                    Optional.of(waiting), rollout);
        }
        Optional<Removal> removal = noticeRemoval(instance, actions);
        if (actions.stream().noneMatch(Action::destructive)) {
            return new Decision(actions, List.of(), Optional.empty(), rollout);
        }
        Optional<Hold> hold = settling(instance).or(() -> removal.flatMap(this::removalSettling)).or(() -> {
            // Destructive intent is counted where it arrives: every tombstone and every spec edit
            // that removes an app or service, whichever replica or API call wrote it, before this
            // teardown may start.
            countDestructiveIntent();
            return guard.brakeFor(host).map(b -> new Hold("SafetyBrake", "destructive actions paused: " + b.reason(),
                    Optional.empty()));
        }).or(() -> awaitingApproval(instance, spec, actions));
        if (hold.isPresent()) {
            return new Decision(actions.stream().filter(a -> !a.destructive()).toList(),
                    actions.stream().filter(Action::destructive).toList(), hold, rollout);
        }
        return new Decision(removal.map(r -> backupFirst(instance, plan, observed, r)).orElse(actions), List.of(),
                Optional.empty(), rollout);
    }

    /** Tombstones and spec-edit removals noticed since the fleet brake's release, against the fleet. */
    void countDestructiveIntent() {
        guard.observeDestructiveIntent(store.tombstonedSinceFleetRelease(), store.active().size(), clock.instant());
    }

    /**
     * A spec edit that removes an app or service (Matrix turned off, say) is recorded as destructive
     * intent when first planned, and waits the settle time like a tombstone: a mass edit is counted
     * by the fleet brake before its first removal runs.
     */
    private Optional<Hold> removalSettling(Removal removal) {
        Instant now = clock.instant();
        Instant noticed = removal.noticed();
        Instant start = noticed.plus(deletionSettle);
        if (!start.isAfter(now)) {
            return Optional.empty();
        }
        countDestructiveIntent();
        return Optional.of(new Hold("RemovalScheduled", "removing " + removal.list() + " starts at "
                + start + ", once every removal that arrives with this one is counted by the safety brake",
                Optional.of(Duration.between(now, start))));
    }

    /**
     * A spec edit's removals run after a complete backup of the instance taken since the edit was
     * noticed: the backup is the pass's first stage, and a failed backup ends the pass before any
     * removal starts (see {@link PhasedRun}). It reads what the instance provably owns, so while
     * the plan reports a conflicting object nothing is removed (the status says Conflict).
     */
    private List<Action> backupFirst(Instance instance, Plan plan, ObservedState observed, Removal removal) {
        List<Action> actions = plan.actions();
        if (!plan.conflicts().isEmpty()) {
            return actions.stream().filter(a -> !a.removesObject()).toList();
        }
        if (store.backupSince(instance.name(), removal.noticed())) {
            return actions;
        }
        Set<String> ours = new TreeSet<>();
        observed.apps().values().stream().filter(a -> a.exists() && a.owner().filter(instance.name().value()::equals)
                .isPresent()).forEach(a -> ours.add(a.name()));
        observed.services().values().stream().filter(ObservedService::exists).forEach(s -> ours.add(s.name()));
        List<Action> withBackup = new ArrayList<>(actions);
        withBackup.add(new Action.Backup("before removing " + removal.list(), ours));
        return withBackup;
    }

    /** The apps and services a live instance's plan removes, and when that intent was first noticed. */
    private record Removal(List<String> targets, Instant noticed) {

        String list() {
            return String.join(", ", targets);
        }
    }

    /**
     * Records the destructive intent of a live instance's spec edit (or clears it when the plan
     * removes nothing any more); empty for a tombstone, whose own settle applies.
     */
    private Optional<Removal> noticeRemoval(Instance instance, List<Action> actions) {
        if (instance.purging()) {
            return Optional.empty();
        }
        List<String> targets = actions.stream().filter(Action::removesObject).map(Action::target).toList();
        if (targets.isEmpty()) {
            gates.clearDestructiveIntent(instance.name());
            return Optional.empty();
        }
        Instant noticed = gates.noticeDestructiveIntent(instance.name(), instance.generation(),
                "removes " + String.join(", ", targets), clock.instant());
        return Optional.of(new Removal(targets, noticed));
    }

    private Optional<Hold> settling(Instance instance) {
        if (instance.purgeStartedAt().isEmpty()) {
            return Optional.empty();
        }
        Instant start = instance.purgeStartedAt().get().plus(deletionSettle);
        Duration left = Duration.between(clock.instant(), start);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        return Optional.of(new Hold("DeletionScheduled", "destruction starts at " + start + ", once every deletion"
                + " that arrives with this one is counted by the safety brake", Optional.of(left)));
    }

    /**
     * The hash of the plan's removals when the instance's tier makes them wait for an approval
     * ({@code POST /api/v1/instances/{name}/approve} with it); empty when nothing needs one.
     */
    Optional<String> approvalHash(Instance instance, InstanceSpec spec, Plan plan) {
        List<Action> removals = plan.actions().stream().filter(Action::removesObject).toList();
        // A purge is not held: the DELETE and the grace period (during which an undelete brings the
        // instance back) are the human decision, and a held purge could be neither undone nor finished.
        if (removals.isEmpty() || instance.tombstoned() || !approvalRequired.test(spec.tier())) {
            return Optional.empty();
        }
        return Optional.of(PlanHash.of(instance.uid(), instance.generation(), removals));
    }

    /** Whether an unexpired approval of the plan with {@code planHash} exists (read-only). */
    boolean approvedNow(Instance instance, String planHash) {
        Instant now = clock.instant();
        return approvals.requests(instance.name()).stream().anyMatch(r -> r.planHash().equals(planHash)
                && r.approved(now));
    }

    /** Removals of an instance whose tier asks for approvals wait until a person approved this very plan. */
    private Optional<Hold> awaitingApproval(Instance instance, InstanceSpec spec, List<Action> actions) {
        Optional<String> hash = approvalHash(instance, spec, new Plan(actions, List.of(), new TreeSet<>()));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        String what = "removes " + actions.stream().filter(Action::removesObject).map(Action::target)
                .collect(Collectors.joining(", "));
        if (approvals.approved(instance.name(), instance.uid(), instance.generation(), hash.get(), what,
                clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Hold("AwaitingApproval", "the " + spec.tier() + " tier's policy holds this plan, which "
                + what + ", until it is approved: POST /api/v1/instances/" + instance.name() + "/approve with"
                + " {\"planHash\": \"" + hash.get() + "\"}; everything else goes on", Optional.empty()));
    }

    /**
     * Ends a pass's part in the rollout: a failed pass that held a slot counts towards halting it; a
     * slot is given back as done once its instance is through ({@code done}: Ready again, its
     * restarts included, healthy on a pass that started nothing), so at most N are ever mid-change.
     */
    void finished(Instance instance, Decision decision, boolean succeeded, boolean done) {
        if (instance.tombstoned()) {
            // A deleted instance is no upgrade that failed or got through: its slot goes to the next.
            guard.abandonRollout(instance.name());
        } else if (decision.rollout() == Rollout.GRANTED && !succeeded) {
            guard.finishRollout(instance.name(), false);
        } else if (succeeded && done && (decision.rollout() == Rollout.GRANTED
                || !instance.status().appliedUnder(guard.revision()))) {
            // A pass with nothing left to change gives back the slot an earlier pass took, also when
            // a spec edit (a suspend, say) came in between.
            guard.finishRollout(instance.name(), true);
        }
        if (succeeded && decision.held().isEmpty() && decision.allowed().stream().anyMatch(Action::removesObject)) {
            approvals.consumed(instance.uid());
        }
    }

    /** See {@link Instance#behind(String)}, against this operator's revision. */
    boolean behindRevision(Instance instance) {
        return instance.behind(guard.revision());
    }

    String revision() {
        return guard.revision();
    }

    String waitingMessage(Rollout rollout) {
        return rollout == Rollout.HALTED
                ? "the fleet rollout of operator revision " + guard.revision() + " is halted after repeated failures"
                : "waiting for a slot in the rollout of operator revision " + guard.revision() + " (at most "
                + guard.rolloutMaxInFlight() + " instances at once)";
    }

    /** A step that makes a deployed app restart (or redeploy) to take effect. */
    private static boolean changesRunning(Action action, ObservedState observed) {
        boolean restarts = action instanceof Action.SetConfig || action instanceof Action.UnsetConfig
                || action instanceof Action.SetLimits || action instanceof Action.MountStorage
                || action instanceof Action.UnmountStorage || action instanceof Action.Deploy
                || action instanceof Action.Restart;
        ObservedApp seen = observed.apps().get(action.target());
        return restarts && seen != null && seen.deployed();
    }

    private static boolean upgradesRunning(Action action, ObservedState observed) {
        if (!(action instanceof Action.Deploy deploy)) {
            return false;
        }
        ObservedApp seen = observed.apps().get(deploy.app());
        return seen != null && seen.deployed();
    }
}
