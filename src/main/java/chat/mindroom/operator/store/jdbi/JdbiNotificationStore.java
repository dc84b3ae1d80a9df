package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.store.DueDelivery;
import chat.mindroom.operator.store.NotificationRoute;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The delivery side of the outbox: claims due deliveries (several replicas at once: {@code FOR UPDATE
 * SKIP LOCKED} plus a lease, {@code leased_until}, that a dead replica's claims expire by), records
 * outcomes and attempts, and counts what is pending. A delivery waits while an older one of the same instance to the same endpoint is
 * pending (only the oldest pending delivery of each instance and endpoint is a candidate), so each
 * endpoint sees an instance's notifications in order.
 */
public final class JdbiNotificationStore {

    private final Jdbi jdbi;
    private final List<NotificationRoute> routes;

    public JdbiNotificationStore(Jdbi jdbi, List<NotificationRoute> routes) {
        this.jdbi = jdbi;
        this.routes = List.copyOf(routes);
    }

    /** Pending deliveries and when the oldest of them was written (to endpoints configured now). */
    public record Backlog(long pending, Optional<Instant> oldest) {
    }

    static <T> T db(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the database failed: " + e.getMessage(), e);
        }
    }

    private List<String> endpoints() {
        return routes.stream().map(NotificationRoute::endpoint).toList();
    }

    /** Claims up to {@code max} due deliveries until {@code leaseUntil}; another replica skips them meanwhile. */
    public List<DueDelivery> claim(int max, Instant now, Instant leaseUntil) {
        if (routes.isEmpty() || max <= 0) {
            return List.of();
        }
        return db(() -> jdbi.inTransaction(h -> h.createQuery("""
                UPDATE notification_deliveries d SET leased_until = :lease
                  FROM notifications n
                 WHERE n.id = d.notification_id
                   AND (d.notification_id, d.endpoint) IN (
                       SELECT c.notification_id, c.endpoint FROM notification_deliveries c
                        WHERE (c.notification_id, c.endpoint) IN (
                                  SELECT DISTINCT ON (o.endpoint, o.instance_name) o.notification_id, o.endpoint
                                    FROM notification_deliveries o
                                   WHERE o.state = 'pending' AND o.endpoint = ANY(:endpoints)
                                   ORDER BY o.endpoint, o.instance_name, o.notification_id)
                          AND c.state = 'pending' AND c.next_attempt_at <= :now
                          AND (c.leased_until IS NULL OR c.leased_until < :now)
                        ORDER BY c.next_attempt_at, c.notification_id
                        LIMIT :max
                        FOR UPDATE OF c SKIP LOCKED)
                RETURNING d.notification_id, n.message_id, d.endpoint, d.attempts, n.created_at, n.body
                """).bind("lease", Timestamp.from(leaseUntil)).bind("now", Timestamp.from(now))
                .bindArray("endpoints", String.class, endpoints()).bind("max", max)
                .map((rs, ctx) -> new DueDelivery(rs.getLong("notification_id"), rs.getString("message_id"),
                        rs.getString("endpoint"), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("body")))
                .list()));
    }

    /** The receiver answered 2xx. */
    public void sent(DueDelivery due, int status, long durationMs, Instant now) {
        finish(due, "sent", status, null, durationMs, now);
    }

    /** The attempt failed; retried at {@code next}, or given up for good when empty. */
    public void failed(DueDelivery due, Integer status, String error, long durationMs, Instant now,
                       Optional<Instant> next) {
        if (next.isEmpty()) {
            finish(due, "failed", status, error, durationMs, now);
            return;
        }
        db(() -> jdbi.inTransaction(h -> {
            h.createUpdate("""
                    UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = :next, leased_until = NULL
                     WHERE notification_id = :id AND endpoint = :e AND state = 'pending'
                    """).bind("next", Timestamp.from(next.get())).bind("id", due.notificationId())
                    .bind("e", due.endpoint()).execute();
            attempt(h, due, status, error, durationMs, now);
            return null;
        }));
    }

    /** The receiver answered 410 Gone: nothing more goes to this endpoint at {@code url}. */
    public void stopped(DueDelivery due, String url, int status, long durationMs, Instant now) {
        db(() -> jdbi.inTransaction(h -> {
            h.createUpdate("""
                    UPDATE notification_deliveries SET attempts = attempts + 1
                     WHERE notification_id = :id AND endpoint = :e
                    """).bind("id", due.notificationId()).bind("e", due.endpoint()).execute();
            attempt(h, due, status, "410 Gone: the endpoint is stopped", durationMs, now);
            h.createUpdate("""
                    UPDATE notification_deliveries SET state = 'stopped', finished_at = :now, leased_until = NULL
                     WHERE endpoint = :e AND state = 'pending'
                    """).bind("now", Timestamp.from(now)).bind("e", due.endpoint()).execute();
            return h.createUpdate("""
                    INSERT INTO notification_endpoints_stopped (endpoint, url, stopped_at) VALUES (:e, :u, :now)
                    ON CONFLICT DO NOTHING
                    """).bind("e", due.endpoint()).bind("u", url).bind("now", Timestamp.from(now)).execute();
        }));
    }

    private void finish(DueDelivery due, String state, Integer status, String error, long durationMs, Instant now) {
        db(() -> jdbi.inTransaction(h -> {
            h.createUpdate("""
                    UPDATE notification_deliveries SET state = :state, attempts = attempts + 1, finished_at = :now,
                           leased_until = NULL
                     WHERE notification_id = :id AND endpoint = :e
                    """).bind("state", state).bind("now", Timestamp.from(now)).bind("id", due.notificationId())
                    .bind("e", due.endpoint()).execute();
            attempt(h, due, status, error, durationMs, now);
            return null;
        }));
    }

    private static void attempt(Handle h, DueDelivery due, Integer status, String error, long durationMs,
                                Instant now) {
        h.createUpdate("""
                INSERT INTO notification_attempts (notification_id, endpoint, at, status_code, error, duration_ms)
                VALUES (:id, :e, :at, :status, :error, :ms)
                """).bind("id", due.notificationId()).bind("e", due.endpoint()).bind("at", Timestamp.from(now))
                .bind("status", status).bind("error", error).bind("ms", durationMs).execute();
    }

    /** Which configured endpoints a 410 stopped. */
    public List<String> stoppedEndpoints() {
        return db(() -> jdbi.withHandle(h -> routes.stream().filter(r -> h.createQuery("""
                SELECT count(*) FROM notification_endpoints_stopped WHERE endpoint = :e AND url = :u
                """).bind("e", r.endpoint()).bind("u", r.url()).mapTo(Long.class).one() > 0)
                .map(NotificationRoute::endpoint).toList()));
    }

    public Backlog backlog() {
        if (routes.isEmpty()) {
            return new Backlog(0, Optional.empty());
        }
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) AS n, min(created_at) AS oldest FROM notification_deliveries
                 WHERE state = 'pending' AND endpoint = ANY(:endpoints)
                """).bindArray("endpoints", String.class, endpoints())
                .map((rs, ctx) -> new Backlog(rs.getLong("n"), Optional.ofNullable(rs.getTimestamp("oldest"))
                        .map(Timestamp::toInstant))).one()));
    }

    /** Removes notifications older than {@code keep} that have nothing pending; returns how many. */
    public int purge(Instant now, Duration keep) {
        return db(() -> jdbi.withHandle(h -> h.createUpdate("""
                DELETE FROM notifications n WHERE n.created_at < :cutoff
                   AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                                    WHERE d.notification_id = n.id AND d.state = 'pending')
                """).bind("cutoff", Timestamp.from(now.minus(keep))).execute()));
    }
}
