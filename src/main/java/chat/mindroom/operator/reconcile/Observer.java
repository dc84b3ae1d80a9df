package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.Instance;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides how much to read for a pass and returns the plan made from it. Reads are proportional to
 * the change: a converged instance is judged from the host's bulk reports ({@link Depth#SNAPSHOT}),
 * an edit that only writes settings whole is planned without reading, one that changes other
 * settings of existing apps reads just those apps ({@link Depth#TARGETED}), and anything else, a
 * repair request, a suspicion of drift or an instance not fully verified for too long, reads every
 * app and service ({@link Depth#FULL}). A cheap observation only ever confirms that nothing needs
 * doing; it never justifies a write.
 */
final class Observer {

    /** A plan and the depth it was observed at. */
    record Observation(Depth depth, Planning.Planned planned) {

        Plan plan() {
            return planned.plan();
        }
    }

    private final ObservationCache cache;
    private final Planning planning;

    Observer(ObservationCache cache, Planning planning) {
        this.cache = cache;
        this.planning = planning;
    }

    Observation observe(Instance instance, InstanceSpec spec, DokkuClient client, Instant now) {
        Planning.Scope scope = planning.scope(instance.name(), spec);
        String host = client.hostName();
        boolean full = instance.purging() || repairRequested(instance);
        Observation seen = full ? null : cheap(instance, spec, scope, host, now)
                .or(() -> targeted(instance, spec, scope, client, now)).orElse(null);
        if (seen == null) {
            ObservedState observed = instance.status().observedGeneration() == 0 && !instance.tombstoned()
                    ? client.observeNew(scope.apps(), scope.services()) : client.observe(scope.apps(), scope.services());
            seen = new Observation(Depth.FULL, planning.plan(instance, spec, scope, host, observed, true, now));
        }
        if (!seen.plan().conflicts().isEmpty() || instance.purging()) {
            cache.forget(instance.name());
        } else if (seen.plan().actions().isEmpty() && seen.depth() == Depth.FULL) {
            cache.converged(instance.name(), host, instance.generation(), seen.planned().observed(), now);
        }
        return seen;
    }

    /** A plan from what is known, without reading; for the plan preview. */
    Planning.Planned preview(Instance instance, InstanceSpec spec, DokkuClient client, Instant now) {
        Planning.Scope scope = planning.scope(instance.name(), spec);
        ObservedState observed = client.observe(scope.apps(), scope.services());
        return planning.plan(instance, spec, scope, client.hostName(), observed, false, now);
    }

    /** A repair request ({@code POST .../reconcile}) asks for a full read if none happened since. */
    private boolean repairRequested(Instance instance) {
        Optional<Instant> requested = instance.reconcileRequestedAt();
        return requested.isPresent() && cache.lastFull(instance.name()).map(at -> !at.isAfter(requested.get()))
                .orElse(true);
    }

    private Optional<Observation> cheap(Instance instance, InstanceSpec spec, Planning.Scope scope, String host,
                                        Instant now) {
        return cache.cheap(instance.name(), host, instance.generation(), now)
                .map(known -> planning.plan(instance, spec, scope, host, known, true, now))
                .filter(p -> p.plan().actions().isEmpty() && p.plan().conflicts().isEmpty())
                .map(p -> new Observation(Depth.SNAPSHOT, p));
    }

    private Optional<Observation> targeted(Instance instance, InstanceSpec spec, Planning.Scope scope,
                                           DokkuClient client, Instant now) {
        String host = client.hostName();
        Optional<ObservedState> known = cache.known(instance.name(), host, now);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Planning.Planned guess = planning.plan(instance, spec, scope, host, known.get(), true, now);
        Set<String> apps = new TreeSet<>();
        for (Action action : guess.plan().actions()) {
            if (!action.appLocal()) {
                return Optional.empty();
            }
            if (!(action instanceof Action.EnsureStorage)) {
                apps.add(action.target());
            }
        }
        if (apps.isEmpty() || !guess.plan().conflicts().isEmpty() || !known.get().apps().keySet().containsAll(apps)) {
            return Optional.empty();
        }
        // Settings written whole, and the restarts that apply them, converge whatever the app holds
        // now: such a plan needs no read. If the app went meanwhile the write fails and the next pass
        // observes in full.
        if (guess.plan().actions().stream().allMatch(Action::writtenWhole)) {
            return Optional.of(new Observation(Depth.TARGETED, guess));
        }
        ObservedState fresh = client.observe(apps, Map.of());
        SortedMap<String, ObservedApp> merged = new TreeMap<>(known.get().apps());
        merged.putAll(fresh.apps());
        Planning.Planned planned = planning.plan(instance, spec, scope, host,
                new ObservedState(merged, known.get().services(), fresh.facts()), true, now);
        for (Action action : planned.plan().actions()) {
            if (!action.appLocal() || !(action instanceof Action.EnsureStorage || apps.contains(action.target()))) {
                return Optional.empty();
            }
        }
        return planned.plan().conflicts().isEmpty() ? Optional.of(new Observation(Depth.TARGETED, planned))
                : Optional.empty();
    }
}
