package chat.mindroom.operator.api.watch;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.store.jdbi.InstanceRowMapper;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * SQL over the change log ({@code instance_changes}, filled by a trigger on {@code instances}) and
 * the watch position ({@code watch_position}).
 */
@Singleton
public final class ChangeLog {

    private static final InstanceRowMapper INSTANCES = new InstanceRowMapper();

    private final Jdbi jdbi;

    public ChangeLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Numbers the committed changes that have no position yet, in the order they were written, and
     * returns the position after them. The row lock on {@code watch_position} makes every replica's
     * numbering one sequence, each batch visible whole before the next begins.
     */
    public long assign() {
        return db(() -> jdbi.inTransaction(h -> {
            long base = h.createQuery("SELECT assigned FROM watch_position FOR UPDATE").mapTo(Long.class).one();
            int numbered = h.createUpdate("""
                    UPDATE instance_changes c SET version = :base + p.n
                      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
                              FROM instance_changes WHERE version IS NULL) p
                     WHERE c.id = p.id
                    """).bind("base", base).execute();
            if (numbered > 0) {
                h.createUpdate("UPDATE watch_position SET assigned = :assigned")
                        .bind("assigned", base + numbered).execute();
            }
            return base + numbered;
        }));
    }

    /** The current watch position: every change at or before it has its position. */
    public long position() {
        return db(() -> jdbi.withHandle(h -> h.createQuery("SELECT assigned FROM watch_position")
                .mapTo(Long.class).one()));
    }

    /** Changes at or before this position may have been pruned: no watch resumes from before it. */
    public long prunedThrough() {
        return db(() -> jdbi.withHandle(h -> h.createQuery("SELECT pruned_through FROM watch_position")
                .mapTo(Long.class).one()));
    }

    /** Changes after {@code after} up to {@code through}, oldest first, at most {@code limit}. */
    public List<Change> read(long after, long through, int limit) {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.version AS change_version, c.type AS change_type, c.old_tier, c.old_phase, r.*
                          FROM instance_changes c, jsonb_populate_record(NULL::instances, c.snapshot) r
                         WHERE c.version > :after AND c.version <= :through
                         ORDER BY c.version
                         LIMIT :limit
                        """).bind("after", after).bind("through", through).bind("limit", limit)
                .map((rs, ctx) -> new Change(rs.getLong("change_version"), rs.getString("change_type"),
                        INSTANCES.map(rs, ctx), Optional.ofNullable(rs.getString("old_tier")),
                        Optional.ofNullable(rs.getString("old_phase"))))
                .list()));
    }

    /**
     * Deletes numbered changes older than {@code cutoff} and all but the newest {@code keep}, and
     * returns the position through which changes may now be missing.
     */
    public long prune(Instant cutoff, int keep) {
        return db(() -> jdbi.inTransaction(h -> {
            long assigned = h.createQuery("SELECT assigned FROM watch_position FOR UPDATE").mapTo(Long.class).one();
            Long gone = h.createQuery("""
                    WITH gone AS (DELETE FROM instance_changes
                                   WHERE version IS NOT NULL AND (version <= :bound OR at < :cutoff)
                                  RETURNING version)
                    SELECT max(version) FROM gone
                    """).bind("bound", assigned - keep).bind("cutoff", Timestamp.from(cutoff))
                    .mapTo(Long.class).findOne().orElse(null);
            return h.createQuery("""
                    UPDATE watch_position SET pruned_through = greatest(pruned_through, :gone)
                    RETURNING pruned_through
                    """).bind("gone", gone == null ? 0L : gone).mapTo(Long.class).one();
        }));
    }

    private static <T> T db(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the database failed: " + e.getMessage(), e);
        }
    }
}
