package chat.mindroom.operator.store.jdbi;

import static chat.mindroom.operator.store.jdbi.JdbiNotificationStore.db;

import chat.mindroom.operator.store.CredentialsJwe;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.Notification;
import chat.mindroom.operator.store.NotificationRoute;
import chat.mindroom.operator.store.Page;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Lists notifications with their deliveries and attempts (newest first), and re-sends one. */
public final class JdbiNotificationHistory {

    private final Jdbi jdbi;
    private final List<NotificationRoute> routes;

    public JdbiNotificationHistory(Jdbi jdbi, List<NotificationRoute> routes) {
        this.jdbi = jdbi;
        this.routes = List.copyOf(routes);
    }

    private record Head(long sequence, String id, String instance, String type, Instant createdAt, String body) {
    }

    /** Newest first; {@code before} is the previous page's last sequence number. */
    public Page<Notification> list(Optional<String> instance, long before, int limit) {
        return db(() -> jdbi.withHandle(h -> {
            List<Head> heads = h.createQuery("""
                    SELECT id, message_id, instance_name, type, created_at, body FROM notifications
                     WHERE id < :before AND (CAST(:i AS text) IS NULL OR instance_name = :i)
                     ORDER BY id DESC LIMIT :n
                    """).bind("before", before).bind("i", instance.orElse(null)).bind("n", limit + 1)
                    .map((rs, ctx) -> new Head(rs.getLong("id"), rs.getString("message_id"),
                            rs.getString("instance_name"), rs.getString("type"),
                            rs.getTimestamp("created_at").toInstant(), rs.getString("body")))
                    .list();
            boolean more = heads.size() > limit;
            List<Notification> items = new ArrayList<>();
            for (Head head : more ? heads.subList(0, limit) : heads) {
                items.add(withDeliveries(h, head));
            }
            return new Page<>(items, more ? Optional.of(String.valueOf(items.get(items.size() - 1).sequence()))
                    : Optional.empty());
        }));
    }

    public Optional<Notification> find(String messageId) {
        return db(() -> jdbi.withHandle(h -> head(h, messageId).map(head -> withDeliveries(h, head))));
    }

    /**
     * Makes the notification due now again for every configured endpoint that takes its type (credentials:
     * only the endpoint whose key they were encrypted with), under the same {@code webhook-id}; an endpoint a 410 had
     * stopped is started again. Empty when unknown.
     */
    public Optional<Notification> resend(String messageId, Instant now) {
        return db(() -> jdbi.inTransaction(h -> {
            Optional<Head> head = head(h, messageId);
            if (head.isEmpty()) {
                return Optional.<Notification>empty();
            }
            for (NotificationRoute route : routes) {
                if (!route.takes(head.get().type()) || !sealedFor(head.get(), route)) {
                    continue;
                }
                h.createUpdate("DELETE FROM notification_endpoints_stopped WHERE endpoint = :e AND url = :u")
                        .bind("e", route.endpoint()).bind("u", route.url()).execute();
                h.createUpdate("""
                        INSERT INTO notification_deliveries (notification_id, endpoint, instance_name, next_attempt_at,
                                                             created_at)
                        VALUES (:id, :e, :i, :now, :now)
                        ON CONFLICT (notification_id, endpoint) DO UPDATE
                           SET state = 'pending', finished_at = NULL, next_attempt_at = :now
                        """).bind("id", head.get().sequence()).bind("e", route.endpoint())
                        .bind("i", head.get().instance()).bind("now", Timestamp.from(now)).execute();
            }
            return Optional.of(withDeliveries(h, head.get()));
        }));
    }

    /** Credentials go back only to the endpoint whose key they were encrypted with (the JWE's kid). */
    private static boolean sealedFor(Head head, NotificationRoute route) {
        return !head.type().equals(NewNotification.CREDENTIALS) || route.credentialsKey()
                .filter(key -> key.kid().equals(CredentialsJwe.kid(head.body()).orElse(null))).isPresent();
    }

    private static Optional<Head> head(Handle h, String messageId) {
        return h.createQuery("""
                SELECT id, message_id, instance_name, type, created_at, body FROM notifications WHERE message_id = :m
                """).bind("m", messageId)
                .map((rs, ctx) -> new Head(rs.getLong("id"), rs.getString("message_id"), rs.getString("instance_name"),
                        rs.getString("type"), rs.getTimestamp("created_at").toInstant(), rs.getString("body")))
                .findOne();
    }

    private static Notification withDeliveries(Handle h, Head head) {
        Map<String, List<Notification.Attempt>> tries = new LinkedHashMap<>();
        h.createQuery("""
                SELECT endpoint, at, status_code, error, duration_ms FROM notification_attempts
                 WHERE notification_id = :id ORDER BY id
                """).bind("id", head.sequence())
                .map((rs, ctx) -> tries.computeIfAbsent(rs.getString("endpoint"), e -> new ArrayList<>())
                        .add(new Notification.Attempt(rs.getTimestamp("at").toInstant(),
                                Optional.ofNullable((Integer) rs.getObject("status_code")),
                                Optional.ofNullable(rs.getString("error")), rs.getLong("duration_ms"))))
                .list();
        List<Notification.Delivery> deliveries = h.createQuery("""
                SELECT endpoint, state, attempts, next_attempt_at, finished_at FROM notification_deliveries
                 WHERE notification_id = :id ORDER BY endpoint
                """).bind("id", head.sequence())
                .map((rs, ctx) -> new Notification.Delivery(rs.getString("endpoint"), rs.getString("state"),
                        rs.getInt("attempts"),
                        rs.getString("state").equals("pending")
                                ? Optional.of(rs.getTimestamp("next_attempt_at").toInstant()) : Optional.empty(),
                        Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant),
                        tries.getOrDefault(rs.getString("endpoint"), List.of())))
                .list();
        return new Notification(head.sequence(), head.id(), head.instance(), head.type(), head.createdAt(),
                head.body(), deliveries);
    }
}
