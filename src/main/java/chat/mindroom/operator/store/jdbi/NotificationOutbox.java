package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.CredentialsJwe;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.NotificationRoute;
import chat.mindroom.operator.store.SecretBox;
import chat.mindroom.operator.store.StatusNotices;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Writes notifications into the outbox on the caller's handle, so they commit or roll back with the
 * status write that causes them. Without routes (no endpoint configured) it writes nothing.
 */
public final class NotificationOutbox {

    /** The outbox of an operator without notification endpoints. */
    public static final NotificationOutbox NONE = new NotificationOutbox(List.of(), Clock.systemUTC());

    private final List<NotificationRoute> routes;
    private final Clock clock;
    private final Optional<SecretBox> box;

    public NotificationOutbox(List<NotificationRoute> routes, Clock clock) {
        this(routes, clock, Optional.empty());
    }

    private NotificationOutbox(List<NotificationRoute> routes, Clock clock, Optional<SecretBox> box) {
        this.routes = List.copyOf(routes);
        this.clock = clock;
        this.box = box;
    }

    /** This outbox, able to open the instance secrets that {@code instance.credentials} notifications carry. */
    public NotificationOutbox withSecrets(SecretBox secrets) {
        return new NotificationOutbox(routes, clock, Optional.of(secrets));
    }

    public boolean active() {
        return !routes.isEmpty();
    }

    List<NotificationRoute> routes() {
        return routes;
    }

    /** The instance's phase, URLs and observed generation, locked until the transaction ends; empty without a row. */
    Optional<StatusNotices.Before> before(Handle h, String instance) {
        return h.createQuery("SELECT phase, urls, observed_generation, purge_at, ready_generation FROM instances"
                        + " WHERE name = :name FOR UPDATE")
                .bind("name", instance)
                .map((rs, ctx) -> new StatusNotices.Before(Phase.valueOf(rs.getString("phase")),
                        JsonDocument.parse(rs.getString("urls")) instanceof List<?> urls
                                ? urls.stream().map(String::valueOf).toList() : List.of(),
                        rs.getLong("observed_generation"), InstanceRowMapper.instant(rs, "purge_at"),
                        rs.getLong("ready_generation")))
                .findOne();
    }

    /** Writes each notice with one delivery per route that takes its type and was not stopped by a 410. */
    public void enqueue(Handle h, String instance, List<NewNotification> notices) {
        if (!active() || notices.isEmpty()) {
            return;
        }
        // Locking the instance row makes an instance's sequence numbers follow commit order.
        Map<String, Object> owner = new LinkedHashMap<>();
        h.createQuery("""
                SELECT spec ->> 'account' AS account, spec ->> 'subscriptionId' AS subscription
                  FROM instances WHERE name = :name FOR UPDATE
                """).bind("name", instance).map((rs, ctx) -> {
                    if (rs.getString("account") != null) {
                        owner.put("account", rs.getString("account"));
                    }
                    if (rs.getString("subscription") != null) {
                        owner.put("subscriptionId", rs.getString("subscription"));
                    }
                    return owner;
                }).findOne();
        Instant now = clock.instant();
        for (NewNotification notice : notices) {
            if (notice.type().equals(NewNotification.CREDENTIALS)) {
                enqueueCredentials(h, instance, owner, notice, now);
                continue;
            }
            long id = insert(h, instance, owner, notice, now);
            for (NotificationRoute route : routes) {
                if (route.takes(notice.type())) {
                    addDelivery(h, id, instance, route, now);
                }
            }
        }
    }

    /**
     * One notification per endpoint holding a key, each carrying the credentials encrypted for that
     * endpoint alone, and delivered only to it: the plaintext is never written. Keys not named in
     * the notice ({@code keys} empty) are filled in with every key the instance has.
     */
    private void enqueueCredentials(Handle h, String instance, Map<String, Object> owner, NewNotification notice,
                                    Instant now) {
        List<NotificationRoute> holders = routes.stream().filter(r -> r.takes(notice.type())).toList();
        if (holders.isEmpty()) {
            return;
        }
        Map<String, String> credentials = CustomerCredentialRows.all(h, instance, box.orElseThrow(() ->
                new IllegalStateException("this outbox cannot open instance secrets: use withSecrets")));
        if (credentials.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>(notice.data());
        if (data.get("keys") instanceof List<?> keys && keys.isEmpty()) {
            data.put("keys", List.copyOf(credentials.keySet()));
        }
        for (NotificationRoute route : holders) {
            data.put("credentials", CredentialsJwe.seal(route.credentialsKey().orElseThrow(), credentials));
            long id = insert(h, instance, owner, new NewNotification(notice.type(), data), now);
            addDelivery(h, id, instance, route, now);
        }
    }

    private static long insert(Handle h, String instance, Map<String, Object> owner, NewNotification notice,
                               Instant now) {
        long id = h.createQuery("SELECT nextval('notifications_id_seq')").mapTo(Long.class).one();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("instance", instance);
        data.putAll(owner);
        data.putAll(notice.data());
        data.put("sequence", id);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", notice.type());
        payload.put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
        payload.put("data", data);
        h.createUpdate("""
                INSERT INTO notifications (id, message_id, instance_name, type, body, created_at)
                VALUES (:id, :mid, :i, :type, :body, :at)
                """).bind("id", id).bind("mid", "msg_" + UUID.randomUUID().toString().replace("-", ""))
                .bind("i", instance).bind("type", notice.type()).bind("body", JsonDocument.writeString(payload))
                .bind("at", Timestamp.from(now)).execute();
        return id;
    }

    static void addDelivery(Handle h, long id, String instance, NotificationRoute route, Instant now) {
        h.createUpdate("""
                INSERT INTO notification_deliveries (notification_id, endpoint, instance_name, next_attempt_at, created_at)
                SELECT :id, :e, :i, :at, :at
                 WHERE NOT EXISTS (SELECT 1 FROM notification_endpoints_stopped WHERE endpoint = :e AND url = :u)
                ON CONFLICT DO NOTHING
                """).bind("id", id).bind("e", route.endpoint()).bind("i", instance).bind("u", route.url())
                .bind("at", Timestamp.from(now)).execute();
    }
}
