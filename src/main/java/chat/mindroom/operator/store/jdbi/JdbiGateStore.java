package chat.mindroom.operator.store.jdbi;

import static chat.mindroom.operator.store.jdbi.DatabaseCalls.db;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.GateStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@link GateStore} on PostgreSQL: rollout rows are locked per release, so grants are atomic. */
public final class JdbiGateStore implements GateStore {

    private final Jdbi jdbi;

    public JdbiGateStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }


    @Override
    public Slot acquireRollout(String release, InstanceName name, int maxInFlight, Duration timeout,
                               int failureThreshold) {
        return db(() -> jdbi.inTransaction(h -> {
            lockProgress(h, release);
            int timedOut = h.createUpdate("""
                    DELETE FROM rollout_slots
                     WHERE release = :r AND granted_at <= clock_timestamp() - make_interval(secs => :timeout)
                    """).bind("r", release).bind("timeout", timeout.toMillis() / 1000.0).execute();
            if (timedOut > 0) {
                h.createUpdate("""
                        UPDATE rollout_progress SET failed = failed + :n, halted = halted OR failed + :n >= :t
                         WHERE release = :r
                        """).bind("n", timedOut).bind("t", failureThreshold).bind("r", release).execute();
            }
            if (h.createQuery("SELECT halted FROM rollout_progress WHERE release = :r").bind("r", release)
                    .mapTo(Boolean.class).one()) {
                return Slot.HALTED;
            }
            boolean held = h.createQuery("""
                    SELECT count(*) > 0 FROM rollout_slots WHERE release = :r AND instance_name = :i
                    """).bind("r", release).bind("i", name.value()).mapTo(Boolean.class).one();
            if (held) {
                return Slot.GRANTED;
            }
            if (inFlight(h, release, timeout) >= maxInFlight) {
                return Slot.WAIT;
            }
            h.createUpdate("INSERT INTO rollout_slots (release, instance_name) VALUES (:r, :i)")
                    .bind("r", release).bind("i", name.value()).execute();
            return Slot.GRANTED;
        }));
    }

    @Override
    public void abandonRollout(String release, InstanceName name) {
        db(() -> jdbi.withHandle(h -> h.createUpdate(
                "DELETE FROM rollout_slots WHERE release = :r AND instance_name = :i")
                .bind("r", release).bind("i", name.value()).execute()));
    }

    /** Creates the release's row if needed and locks it for the transaction; returns whether halted. */
    private static boolean lockProgress(Handle h, String release) {
        h.createUpdate("INSERT INTO rollout_progress (release) VALUES (:r) ON CONFLICT DO NOTHING")
                .bind("r", release).execute();
        return h.createQuery("SELECT halted FROM rollout_progress WHERE release = :r FOR UPDATE")
                .bind("r", release).mapTo(Boolean.class).one();
    }

    private static int inFlight(Handle h, String release, Duration timeout) {
        return h.createQuery("""
                SELECT count(*) FROM rollout_slots
                 WHERE release = :r AND granted_at > clock_timestamp() - make_interval(secs => :timeout)
                """).bind("r", release).bind("timeout", timeout.toMillis() / 1000.0).mapTo(Integer.class).one();
    }

    @Override
    public void finishRollout(String release, InstanceName name, boolean succeeded, int failureThreshold) {
        db(() -> jdbi.inTransaction(h -> {
            lockProgress(h, release);
            int removed = h.createUpdate("DELETE FROM rollout_slots WHERE release = :r AND instance_name = :i")
                    .bind("r", release).bind("i", name.value()).execute();
            if (removed == 0) {
                return null;
            }
            h.createUpdate(succeeded
                            ? "UPDATE rollout_progress SET done = done + 1 WHERE release = :r"
                            : "UPDATE rollout_progress SET failed = failed + 1, halted = halted OR failed + 1 >= :t"
                                    + " WHERE release = :r")
                    .bind("r", release).bind("t", failureThreshold).execute();
            return null;
        }));
    }

    @Override
    public RolloutProgress rollout(String release, Duration timeout) {
        return db(() -> jdbi.withHandle(h -> {
            int inFlight = inFlight(h, release, timeout);
            return h.createQuery("SELECT done, failed, halted FROM rollout_progress WHERE release = :r")
                    .bind("r", release)
                    .map((rs, ctx) -> new RolloutProgress(release, inFlight, rs.getInt("done"), rs.getInt("failed"),
                            rs.getBoolean("halted")))
                    .findOne().orElse(new RolloutProgress(release, inFlight, 0, 0, false));
        }));
    }

    @Override
    public void resumeRollout(String release) {
        db(() -> jdbi.withHandle(h -> h.createUpdate(
                "UPDATE rollout_progress SET halted = false, failed = 0 WHERE release = :r")
                .bind("r", release).execute()));
    }

    @Override
    public Instant noticeDestructiveIntent(InstanceName name, long generation, String what, Instant now) {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO destructive_intents (instance_name, generation, what, noticed_at)
                VALUES (:i, :g, :what, :now)
                ON CONFLICT (instance_name) DO UPDATE
                   SET generation = :g, what = :what, noticed_at = :now
                 WHERE destructive_intents.generation <> :g
                RETURNING noticed_at
                """).bind("i", name.value()).bind("g", generation).bind("what", what)
                // PostgreSQL keeps microseconds and rounds: truncated here, the notice is never later than now
                .bind("now", Timestamp.from(now.truncatedTo(ChronoUnit.MICROS))).mapTo(Timestamp.class).findOne()
                .map(Timestamp::toInstant)
                .orElseGet(() -> h.createQuery("SELECT noticed_at FROM destructive_intents WHERE instance_name = :i")
                        .bind("i", name.value()).mapTo(Timestamp.class).one().toInstant())));
    }

    @Override
    public void clearDestructiveIntent(InstanceName name) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM destructive_intents WHERE instance_name = :i")
                .bind("i", name.value()).execute()));
    }

    @Override
    public int destructiveIntentsSinceFleetRelease() {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM destructive_intents d JOIN instances i ON i.name = d.instance_name
                 WHERE i.deletion_requested_at IS NULL AND i.phase <> 'Deleted'
                   AND d.noticed_at > coalesce((SELECT released_at FROM safety_brakes WHERE scope = 'fleet'),
                                               '-infinity')
                """).mapTo(Integer.class).one()));
    }
}
