package chat.mindroom.operator.bench;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.jdbi.JdbiNotificationStore;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.WebhookReceiver;
import chat.mindroom.operator.webhook.WebhookSignature;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Throughput of status notifications: first {@code --notifications} outbox writes over
 * {@code --instances} instances, one transaction each like a status write (delivered meanwhile);
 * then a backlog of {@code --backlog} deliveries inserted at once (a receiver back after an outage),
 * timed until the delivery worker has posted them all, signed, to a receiver on loopback (in this
 * JVM, so it shares the two cores).
 *
 * <p>Options: {@code --instances=N --notifications=N --backlog=N --workers=N}
 */
public final class NotificationBenchmark {

    private NotificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new HashMap<>(Map.of("instances", 100, "notifications", 1000, "backlog", 10000,
                "workers", 4));
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], Integer.parseInt(kv[1]));
        }
        try (WebhookReceiver receiver = new WebhookReceiver();
             RunningOperator operator = RunningOperator.start(Map.of("operator.notify.url", receiver.url("/bench"),
                     "operator.notify.secret", WebhookSignature.newSecret(),
                     "operator.notify.workers", options.get("workers"),
                     "operator.notify.poll-interval", "50ms"))) {
            int instances = options.get("instances");
            for (int i = 0; i < instances; i++) {
                operator.put("/api/v1/instances/bench-" + i, "{\"tier\":\"free\"}");
            }
            ReconcileStore store = operator.context().getBean(ReconcileStore.class);
            JdbiNotificationStore outbox = operator.context().getBean(JdbiNotificationStore.class);
            int total = options.get("notifications");
            long started = System.nanoTime();
            for (int n = 0; n < total; n++) {
                store.enqueueNotification(new InstanceName("bench-" + (n % instances)),
                        NewNotification.backupCompleted(Map.of("n", n)));
            }
            double written = (System.nanoTime() - started) / 1e9;
            while (outbox.backlog().pending() > 0) {
                Thread.sleep(20);
            }
            double delivered = (System.nanoTime() - started) / 1e9;
            System.out.printf("%d notifications over %d instances, %d workers%n", total, instances,
                    options.get("workers"));
            System.out.printf("outbox writes: %.0f/s (%.2f s)%n", total / written, written);
            System.out.printf("delivered: %d received, %.0f/s end to end (%.2f s)%n",
                    receiver.received("/bench").size(), total / delivered, delivered);

            int backlog = options.get("backlog");
            operator.context().getBean(Jdbi.class).useTransaction(h -> h.createUpdate("""
                    WITH n AS (INSERT INTO notifications (id, message_id, instance_name, type, body, created_at)
                               SELECT nextval('notifications_id_seq'), 'msg_' || md5(random()::text),
                                      'bench-' || (g % :instances), 'instance.backup.completed',
                                      '{"type":"instance.backup.completed","data":{"n":' || g || '}}', now()
                                 FROM generate_series(1, :backlog) g RETURNING id, instance_name)
                    INSERT INTO notification_deliveries (notification_id, endpoint, instance_name, next_attempt_at,
                                                         created_at)
                    SELECT id, 'default', instance_name, now(), now() FROM n
                    """).bind("instances", instances).bind("backlog", backlog).execute());
            long drained = System.nanoTime();
            while (outbox.backlog().pending() > 0) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - drained) / 1e9;
            System.out.printf("backlog of %d: drained in %.2f s, %.0f deliveries/s%n", backlog, seconds,
                    backlog / seconds);
        }
    }
}
