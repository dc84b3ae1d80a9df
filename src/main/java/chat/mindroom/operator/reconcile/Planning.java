package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.MatrixSpec;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.OwedRestart;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.TlsAttempt;
import chat.mindroom.operator.template.DesiredApp;
import chat.mindroom.operator.template.DesiredState;
import chat.mindroom.operator.template.EnvValue;
import chat.mindroom.operator.template.Renderer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Gathers everything a plan is a function of (rendered desired state, secrets, restarts owed, the
 * certificate schedule, adoption and backup records) and asks the pure {@link Planner}.
 */
final class Planning {

    /** A plan with what it was made from. */
    record Planned(DesiredState desired, ObservedState observed, Plan plan) {
    }

    /**
     * Every Dokku name an instance may own, whatever its spec says now (Matrix on or off), and where
     * its generated secrets live: {@code secretKeys} maps app to env key to secret name.
     */
    record Scope(DesiredState desired, Set<String> apps, SortedMap<String, ServiceKind> services, Set<String> secrets,
                 Map<String, Map<String, String>> secretKeys) {
    }

    private final ReconcileStore store;
    private final Renderer renderer;
    private final BiPredicate<String, String> restartRunning;

    /** {@code restartRunning} tells whether a restart of (host, app) is running in this process. */
    Planning(ReconcileStore store, Renderer renderer, BiPredicate<String, String> restartRunning) {
        this.store = store;
        this.renderer = renderer;
        this.restartRunning = restartRunning;
    }

    Scope scope(InstanceName name, InstanceSpec spec) {
        DesiredState desired = renderer.render(name, spec);
        DesiredState everything = renderer.render(name, withMatrix(spec));
        Set<String> secretNames = new TreeSet<>();
        Map<String, Map<String, String>> secretKeys = new TreeMap<>();
        for (DesiredApp app : everything.apps().values()) {
            app.env().forEach((key, v) -> {
                if (v instanceof EnvValue.Secret s) {
                    secretNames.add(s.name());
                    secretKeys.computeIfAbsent(app.name(), a -> new TreeMap<>()).put(key, s.name());
                }
            });
        }
        SortedMap<String, ServiceKind> services = new TreeMap<>();
        everything.services().values().forEach(s -> services.put(s.name(), s.kind()));
        return new Scope(desired, everything.apps().keySet(), services, secretNames, secretKeys);
    }

    /** Plans against {@code observed}; {@code createSecrets} is false for read-only previews. */
    Planned plan(Instance instance, InstanceSpec spec, Scope scope, String host, ObservedState observed,
                 boolean createSecrets, Instant now) {
        InstanceName name = instance.name();
        Map<String, String> secrets = new TreeMap<>(store.existingSecrets(name, scope.secrets()));
        if (createSecrets && spec.adopt()) {
            // Apps being taken over now carry the values the customer knows; they win over values
            // generated earlier, which never reached an app (the apps were left alone until now).
            Map<String, String> taken = secretsOnApps(scope, observed, seen -> !seen.managed());
            store.adoptSecrets(name, taken, true);
            secrets.putAll(taken);
        }
        if (createSecrets && !secrets.keySet().containsAll(scope.secrets())) {
            Map<String, String> found = secretsOnApps(scope, observed,
                    seen -> seen.owner().filter(name.value()::equals).isPresent());
            found.keySet().removeAll(secrets.keySet());
            store.adoptSecrets(name, found, false);
            secrets.putAll(store.secrets(name, scope.secrets()));
        }
        scope.secrets().forEach(s -> secrets.putIfAbsent(s, "<a new generated secret>"));
        boolean deleting = instance.purging();
        boolean backupDone = deleting && store.backupSince(name, instance.purgeStartedAt().orElseThrow());
        Set<String> owed = new TreeSet<>();
        for (OwedRestart restart : store.owedRestarts(name).values()) {
            if (restart.host().equals(host) && !restartRunning.test(host, restart.app()) && !restart.running(now)) {
                owed.add(restart.app());
            }
        }
        Set<String> tlsFailed = new TreeSet<>();
        Set<String> tlsNotDue = new TreeSet<>();
        for (TlsAttempt attempt : store.tlsAttempts(name).values()) {
            tlsFailed.add(attempt.app());
            if (attempt.nextAttemptAt().isAfter(now)) {
                tlsNotDue.add(attempt.app());
            }
        }
        Plan plan = Planner.plan(new PlanInput(name, deleting ? DesiredState.nothing(name) : scope.desired(), secrets,
                observed, spec.suspended() || instance.terminating(), deleting, spec.backupOnDelete(), backupDone,
                store.createdObjects(name), owed, tlsFailed, tlsNotDue, spec.adopt()));
        if (instance.terminating()) {
            // Soft-deleted: only stop what runs. Nothing is created, changed or removed before the
            // purge, so an undelete finds the instance exactly as it was.
            plan = new Plan(plan.actions().stream().filter(a -> a instanceof Action.StopApp).toList(),
                    plan.conflicts(), new TreeSet<>());
        }
        return new Planned(scope.desired(), observed, plan);
    }

    /**
     * The secret values the instance's existing apps that {@code ours} accepts already carry: a
     * record created over apps that exist (a new database, a restore, an adoption) keeps them
     * instead of generating new ones, so the customer's admin password does not change and nothing
     * restarts.
     */
    private static Map<String, String> secretsOnApps(Scope scope, ObservedState observed, Predicate<ObservedApp> ours) {
        Map<String, String> found = new TreeMap<>();
        scope.secretKeys().forEach((app, keys) -> {
            ObservedApp seen = observed.apps().get(app);
            if (seen != null && seen.exists() && ours.test(seen)) {
                keys.forEach((key, secret) -> {
                    String value = seen.env().get(key);
                    if (value != null && !value.isEmpty()) {
                        found.putIfAbsent(secret, value);
                    }
                });
            }
        });
        return found;
    }

    private static InstanceSpec withMatrix(InstanceSpec spec) {
        return spec.withMatrix(new MatrixSpec(true, spec.matrix().server()));
    }
}
