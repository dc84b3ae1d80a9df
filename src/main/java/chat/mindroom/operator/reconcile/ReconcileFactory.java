package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.backup.Backups;
import chat.mindroom.operator.config.OperatorSettings;
import chat.mindroom.operator.config.ReconcileSettings;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.metrics.OperatorMetrics;
import chat.mindroom.operator.store.Approvals;
import chat.mindroom.operator.store.GateStore;
import chat.mindroom.operator.store.Purges;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.store.SecretBox;
import chat.mindroom.operator.store.jdbi.JdbiGateStore;
import chat.mindroom.operator.store.jdbi.JdbiReconcileStore;
import chat.mindroom.operator.store.jdbi.NotificationOutbox;
import chat.mindroom.operator.template.Renderer;
import chat.mindroom.operator.template.Templates;
import chat.mindroom.operator.template.Tier;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import chat.mindroom.operator.spec.SpecReader;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** Wires the reconcile pass: store, secrets, executor and reconciler. */
@Factory
final class ReconcileFactory {

    @Singleton
    Replica replica(OperatorSettings settings) {
        return Replica.of(settings.dataPath());
    }

    @Singleton
    ReconcileStore reconcileStore(Jdbi jdbi, OperatorSettings settings, Replica replica, NotificationOutbox outbox) {
        JdbiReconcileStore store = new JdbiReconcileStore(jdbi, SecretBox.fromSettings(settings.secretKey(),
                settings.dataPath()), replica, outbox);
        if (!store.secretKeyMatches()) {
            throw new IllegalStateException("This operator's secret key is not the one the database's instance secrets"
                    + " were sealed with (another replica or an earlier run used a different key). Give every"
                    + " replica the same key: set OPERATOR_SECRET_KEY to the same value everywhere, or copy "
                    + settings.dataPath().resolve("secret-key") + " from the replica that started first.");
        }
        return store;
    }

    @Singleton
    GateStore gateStore(Jdbi jdbi) {
        return new JdbiGateStore(jdbi);
    }

    @Singleton
    FleetGuard fleetGuard(ReconcileSettings settings, Renderer renderer, ReconcileStore store, GateStore gates) {
        return new FleetGuard(settings.rolloutMaxInFlight(), settings.rolloutFailureThreshold(), new StoredBrakes(store),
                gates, renderer.revision(), settings.rolloutSlotTimeout());
    }

    @Singleton
    Reconciler reconciler(ReconcileStore store, DokkuFleet fleet, Templates templates, Renderer renderer,
                          OperatorSettings settings, ReconcileSettings reconcile, Clock clock, OperatorMetrics metrics,
                          FleetGuard guard, GateStore gates, HostHealth health, Wakeups wakeups, Replica replica,
                          Backups backups, Purges purges, Approvals approvals) {
        Executor executor = new Executor(store, (name, reason, objects) -> {
            Backups.Taken taken = backups.take(name, reason, Optional.of(objects));
            return taken.complete() ? Optional.empty() : Optional.of(taken.error().orElse("incomplete"));
        }, clock, replica);
        ObservationCache cache = new ObservationCache(reconcile.resyncInterval().multipliedBy(3),
                reconcile.fullObserveInterval());
        Restarts restarts = new Restarts(executor, store, wakeups::wake, clock);
        Planning planning = new Planning(store, renderer, restarts::pending);
        ExecutorService actions = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reconcile-action");
            t.setDaemon(true);
            return t;
        });
        Applier applier = new Applier(executor, restarts, store, guard, metrics, actions,
                Optional.ofNullable(settings.letsencryptEmail()), clock);
        return new Reconciler(store, fleet, new SpecReader(templates.tiers(), settings.baseDomain()), clock, metrics,
                cache, new Placement(fleet, store, health), new Observer(cache, planning),
                new Gates(guard, store, gates, reconcile.deletionSettle(), approvals,
                        tier -> templates.tiers().find(tier).map(Tier::approval).orElse(false), clock), applier,
                new StatusWriter(store, health, clock), health, restarts, purges);
    }
}
