package chat.mindroom.operator.store.jdbi;

import static chat.mindroom.operator.store.jdbi.DatabaseCalls.db;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.OwedRestart;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.store.TlsAttempt;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Work the operator owes apps, of {@link JdbiReconcileStore}: restarts written before they run
 * ({@code restarts_owed}) and certificate attempts on their own schedule ({@code tls_attempts}).
 */
final class JdbiOwedWork {

    private final Jdbi jdbi;
    private final Replica replica;

    JdbiOwedWork(Jdbi jdbi, Replica replica) {
        this.jdbi = jdbi;
        this.replica = replica;
    }

    void oweRestart(InstanceName name, String host, String app, long generation) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO restarts_owed (host, app, instance_name, generation) VALUES (:host, :app, :i, :g)
                ON CONFLICT (host, app) DO UPDATE SET generation = greatest(restarts_owed.generation, :g),
                       instance_name = :i, requested_at = clock_timestamp(), failed = false
                """).bind("host", host).bind("app", app).bind("i", name.value()).bind("g", generation).execute()));
    }

    void settleRestart(String host, String app, long generation) {
        db(() -> jdbi.withHandle(h -> h.createUpdate(
                "DELETE FROM restarts_owed WHERE host = :host AND app = :app AND generation <= :g")
                .bind("host", host).bind("app", app).bind("g", generation).execute()));
    }

    void restartRunning(String host, String app, Instant until) {
        db(() -> jdbi.withHandle(h -> h.createUpdate(
                "UPDATE restarts_owed SET running_by = :by, running_until = :until WHERE host = :host AND app = :app")
                .bind("by", replica.id()).bind("until", Timestamp.from(until))
                .bind("host", host).bind("app", app).execute()));
    }

    void restartFailed(String host, String app) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                UPDATE restarts_owed SET failed = true, running_by = NULL, running_until = NULL
                 WHERE host = :host AND app = :app
                """)
                .bind("host", host).bind("app", app).execute()));
    }

    Map<String, OwedRestart> owedRestarts(InstanceName name) {
        Map<String, OwedRestart> out = new TreeMap<>();
        db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT host, app, generation, requested_at, failed, running_until FROM restarts_owed
                 WHERE instance_name = :i
                """).bind("i", name.value())
                .map((rs, ctx) -> out.put(rs.getString("app"), new OwedRestart(rs.getString("host"), rs.getString("app"),
                        rs.getLong("generation"), rs.getTimestamp("requested_at").toInstant(), rs.getBoolean("failed"),
                        Optional.ofNullable(rs.getTimestamp("running_until")).map(Timestamp::toInstant))))
                .list()));
        return out;
    }

    Map<String, TlsAttempt> tlsAttempts(InstanceName name) {
        Map<String, TlsAttempt> out = new TreeMap<>();
        db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT app, failures, reason, message, last_attempt_at, next_attempt_at
                  FROM tls_attempts WHERE instance_name = :i
                """).bind("i", name.value())
                .map((rs, ctx) -> out.put(rs.getString("app"), new TlsAttempt(rs.getString("app"), rs.getInt("failures"),
                        rs.getString("reason"), rs.getString("message"), rs.getTimestamp("last_attempt_at").toInstant(),
                        rs.getTimestamp("next_attempt_at").toInstant())))
                .list()));
        return out;
    }

    void tlsFailed(InstanceName name, TlsAttempt a) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO tls_attempts (instance_name, app, failures, reason, message, last_attempt_at, next_attempt_at)
                VALUES (:i, :app, :failures, :reason, :message, :last, :next)
                ON CONFLICT (instance_name, app) DO UPDATE SET failures = :failures, reason = :reason,
                       message = :message, last_attempt_at = :last, next_attempt_at = :next
                """).bind("i", name.value()).bind("app", a.app()).bind("failures", a.failures())
                .bind("reason", a.reason()).bind("message", a.message())
                .bind("last", Timestamp.from(a.lastAttemptAt())).bind("next", Timestamp.from(a.nextAttemptAt()))
                .execute()));
    }

    void tlsSettled(InstanceName name, String app) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM tls_attempts WHERE instance_name = :i AND app = :app")
                .bind("i", name.value()).bind("app", app).execute()));
    }

    Map<String, Integer> tlsFailing(int failures) {
        Map<String, Integer> out = new TreeMap<>();
        db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT reason, count(DISTINCT t.instance_name) AS n FROM tls_attempts t
                  JOIN instances i ON i.name = t.instance_name AND i.phase <> 'Deleted'
                 WHERE t.failures >= :f GROUP BY reason
                """).bind("f", failures)
                .map((rs, ctx) -> out.put(rs.getString("reason"), rs.getInt("n"))).list()));
        return out;
    }
}
