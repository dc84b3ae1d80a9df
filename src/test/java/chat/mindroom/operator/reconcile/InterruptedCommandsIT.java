package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.Executed;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.Precondition;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.store.SecretBox;
import chat.mindroom.operator.store.jdbi.JdbiInstanceStore;
import chat.mindroom.operator.store.jdbi.JdbiReconcileStore;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Migrated;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every Dokku command leaves intent before and outcome after; one the process died in becomes an
 * Interrupted event at the replica's next start.
 */
class InterruptedCommandsIT {

    @Test
    void aCommandTheProcessDiedInIsRecordedAsInterruptedAtTheNextStart() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            InstanceName name = new InstanceName("cut");
            new JdbiInstanceStore(db.jdbi()).apply(name, InstanceSpec.ofTier("free"), Precondition.NONE, "test");
            Replica replica = Replica.create();
            JdbiReconcileStore store = new JdbiReconcileStore(db.jdbi(), new SecretBox(new byte[32]), replica);
            Executor executor = new Executor(store, (n, reason, objects) -> Optional.of("no backups here"), Clock.systemUTC(),
                    replica);

            // A command that ends (even by failing) leaves nothing in flight.
            executor.apply(name, 1, new RecordingDokkuClient(), new Action.CreateApp("mr-cut-backend"));
            DokkuClient failing = new RecordingDokkuClient() {
                @Override
                public Executed setLimits(String app, String memory, String cpu) {
                    throw new IllegalStateException("connection reset");
                }
            };
            assertThatThrownBy(() -> executor.apply(name, 1, failing, new Action.SetLimits("mr-cut-backend", "256m",
                    "0.25"))).hasMessageContaining("connection reset");
            assertThat(inFlight(db)).isZero();

            // The process dies between intent and outcome (the row stays), then starts again.
            store.commandStarting(name, replica.id(), "git:from-image mr-cut-backend ghcr.io/mindroom/x:v1", 1);
            assertThat(store.recordInterrupted(Replica.create().id())).as("another replica's commands stay").isZero();
            assertThat(store.recordInterrupted(replica.id())).isEqualTo(1);
            assertThat(inFlight(db)).isZero();
            List<String> interrupted = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT command || ' | ' || actor FROM events WHERE instance_name = 'cut' AND reason = 'Interrupted'")
                    .mapTo(String.class).list());
            assertThat(interrupted).containsExactly("git:from-image mr-cut-backend ghcr.io/mindroom/x:v1 | reconciler/"
                    + replica.id());
        }
    }

    @Test
    void aReplicaTakingOverRecordsWhatTheDeadHolderLeftRunning() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            InstanceName name = new InstanceName("taken");
            new JdbiInstanceStore(db.jdbi()).apply(name, InstanceSpec.ofTier("free"), Precondition.NONE, "test");
            Replica dead = Replica.create();
            Replica alive = Replica.create();
            JdbiReconcileStore deadStore = new JdbiReconcileStore(db.jdbi(), new SecretBox(new byte[32]), dead);
            JdbiReconcileStore aliveStore = new JdbiReconcileStore(db.jdbi(), new SecretBox(new byte[32]), alive);
            // Long enough that the live holder's lease cannot lapse before the first claim on a loaded machine.
            Duration ttl = Duration.ofSeconds(5);
            assertThat(deadStore.claim(name, dead.id(), ttl)).isTrue();
            deadStore.commandStarting(name, dead.id(), "apps:create mr-taken-backend", 1);
            assertThat(aliveStore.claim(name, alive.id(), ttl)).as("the holder's lease is live").isFalse();

            // The holder is killed: its lease runs out, the other replica takes the instance over.
            // (its command counts as interrupted once it is older than a lease: a claim or two later)
            Await.until("taken over, the dead holder's command recorded", () -> aliveStore.claim(name, alive.id(), ttl)
                    && inFlight(db) == 0);
            List<String> interrupted = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT command || ' | ' || actor || ' | ' || message FROM events WHERE reason = 'Interrupted'")
                    .mapTo(String.class).list());
            assertThat(interrupted).singleElement().asString()
                    .startsWith("apps:create mr-taken-backend | reconciler/" + alive.id() + " | replica " + dead.id());
        }
    }

    private static long inFlight(Migrated db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM commands_in_flight").mapTo(Long.class).one());
    }
}
