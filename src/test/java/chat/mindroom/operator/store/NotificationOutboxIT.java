package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.jdbi.JdbiInstanceStore;
import chat.mindroom.operator.store.jdbi.JdbiNotificationStore;
import chat.mindroom.operator.store.jdbi.JdbiReconcileStore;
import chat.mindroom.operator.store.jdbi.NotificationOutbox;
import chat.mindroom.operator.testing.Migrated;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The outbox against real PostgreSQL: a notification commits or rolls back with its status write,
 * and replicas claiming at once never get the same delivery nor one whose older sibling is pending.
 */
class NotificationOutboxIT {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final List<NotificationRoute> ROUTES = List.of(
            new NotificationRoute("platform", "https://platform.example.com/hook", Set.of()));

    private static StatusUpdate status(Phase phase) {
        return new StatusUpdate(phase, 1, List.of(), List.of("https://a.example.com"), NOW, Optional.empty(),
                Optional.empty(), 0, Optional.empty(), List.of(), phase == Phase.Ready ? 1 : 0);
    }

    private static JdbiReconcileStore store(Migrated db) {
        return new JdbiReconcileStore(db.jdbi(), new SecretBox(new byte[32]), Replica.create(),
                new NotificationOutbox(ROUTES, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static long count(Migrated db, String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void aNotificationCommitsOrRollsBackWithTheStatusWriteThatCausesIt() {
        try (Migrated db = Migrated.fresh()) {
            InstanceName name = new InstanceName("atomic");
            new JdbiInstanceStore(db.jdbi()).apply(name, InstanceSpec.ofTier("free"), Precondition.NONE, "test");
            JdbiReconcileStore store = store(db);
            db.jdbi().useHandle(h -> h.execute("""
                    CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'outbox unavailable'; END; $$;
                    CREATE TRIGGER refuse BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION refuse();
                    """));
            assertThatThrownBy(() -> store.recordStatus(name, status(Phase.Ready))).isInstanceOf(OperatorException.class);
            assertThat(store.find(name).orElseThrow().status().phase()).isEqualTo(Phase.Pending);

            db.jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse ON notifications"));
            store.recordStatus(name, status(Phase.Ready));
            assertThat(store.find(name).orElseThrow().status().phase()).isEqualTo(Phase.Ready);
            assertThat(count(db, "notifications")).isEqualTo(2);
            assertThat(count(db, "notification_deliveries")).isEqualTo(2);
            store.recordStatus(name, status(Phase.Ready));
            assertThat(count(db, "notifications")).isEqualTo(2);
        }
    }

    @Test
    void replicasClaimingAtOnceGetEachDeliveryOnceAndEachInstanceInOrder() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            JdbiReconcileStore store = store(db);
            JdbiInstanceStore instances = new JdbiInstanceStore(db.jdbi());
            for (String instance : List.of("first", "second")) {
                instances.apply(new InstanceName(instance), InstanceSpec.ofTier("free"), Precondition.NONE, "test");
                for (int i = 0; i < 3; i++) {
                    store.enqueueNotification(new InstanceName(instance),
                            NewNotification.backupCompleted(Map.of("n", i)));
                }
            }
            JdbiNotificationStore one = new JdbiNotificationStore(db.jdbi(), ROUTES);
            JdbiNotificationStore two = new JdbiNotificationStore(db.jdbi(), ROUTES);
            Instant lease = NOW.plus(Duration.ofMinutes(1));
            CompletableFuture<List<DueDelivery>> a = CompletableFuture.supplyAsync(() -> one.claim(10, NOW, lease));
            CompletableFuture<List<DueDelivery>> b = CompletableFuture.supplyAsync(() -> two.claim(10, NOW, lease));
            List<DueDelivery> claimed = new ArrayList<>(a.get());
            claimed.addAll(b.get());
            assertThat(claimed).hasSize(2);
            assertThat(claimed).extracting(DueDelivery::body).allSatisfy(body -> assertThat(body).contains("\"n\":0"));
            assertThat(one.claim(10, NOW, lease)).isEmpty();

            DueDelivery firstOfFirst = claimed.stream().filter(d -> d.body().contains("\"instance\":\"first\""))
                    .findFirst().orElseThrow();
            one.sent(firstOfFirst, 204, 3, NOW);
            List<DueDelivery> next = two.claim(10, NOW, lease);
            assertThat(next).hasSize(1);
            assertThat(next.get(0).body()).contains("\"instance\":\"first\"").contains("\"n\":1");
            // A replica that died holding a claim: its lease runs out and another replica takes it.
            assertThat(one.claim(10, lease.plusSeconds(1), lease.plusSeconds(60))).hasSize(2);
            assertThat(one.backlog().pending()).isEqualTo(5);
            assertThat(one.backlog().oldest()).contains(NOW);
        }
    }
}
