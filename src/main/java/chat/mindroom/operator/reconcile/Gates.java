package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.Instance;
import java.util.List;
import java.util.Optional;

/**
 * What of a plan may run now: the release-rollout gate (a new operator release reaches running apps
 * at most N instances at a time, halting after repeated failures) and the safety brakes (destructive
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
     * @param allowed the actions that may run now
     * @param held    destructive actions paused by a brake
     */
    record Decision(List<Action> allowed, List<Action> held, Optional<FleetGuard.Brake> brake, Rollout rollout) {

        boolean waiting() {
            return rollout == Rollout.WAITING || rollout == Rollout.HALTED;
        }
    }

    private final FleetGuard guard;

    Gates(FleetGuard guard) {
        this.guard = guard;
    }

    Decision decide(Instance instance, InstanceSpec spec, Plan plan, ObservedState observed, String host) {
        List<Action> actions = plan.actions();
        Rollout rollout = Rollout.NONE;
        if (!instance.tombstoned() && spec.release().isEmpty() && actions.stream().anyMatch(a -> upgradesRunning(a,
                observed))) {
            rollout = switch (guard.acquireRollout(instance.name())) {
                case GRANTED -> Rollout.GRANTED;
                case WAIT -> Rollout.WAITING;
                case HALTED -> Rollout.HALTED;
            };
            if (rollout != Rollout.GRANTED) {
                return new Decision(List.of(), List.of(), Optional.empty(), rollout);
            }
        }
        Optional<FleetGuard.Brake> brake = guard.brakeFor(host);
        if (brake.isPresent() && actions.stream().anyMatch(Action::destructive)) {
            return new Decision(actions.stream().filter(a -> !a.destructive()).toList(),
                    actions.stream().filter(Action::destructive).toList(), brake, rollout);
        }
        return new Decision(actions, List.of(), brake, rollout);
    }

    /** Ends a granted rollout slot; a failed upgrade counts towards halting the rollout. */
    void finished(InstanceName name, Decision decision, boolean succeeded) {
        if (decision.rollout() == Rollout.GRANTED) {
            guard.finishRollout(name, succeeded);
        }
    }

    String waitingMessage(Decision decision) {
        return decision.rollout() == Rollout.HALTED
                ? "the fleet rollout of the new release is halted after repeated failures"
                : "waiting for a rollout slot (at most " + guard.rolloutState().get("maxInFlight") + " at once)";
    }

    private static boolean upgradesRunning(Action action, ObservedState observed) {
        if (!(action instanceof Action.Deploy deploy)) {
            return false;
        }
        ObservedApp seen = observed.apps().get(deploy.app());
        return seen != null && seen.deployed();
    }
}
