package chat.mindroom.operator.backup;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.jdbi.NotificationOutbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The backups and their parts in PostgreSQL. */
public final class BackupStore {

    private final Jdbi jdbi;
    private final NotificationOutbox outbox;

    public BackupStore(Jdbi jdbi) {
        this(jdbi, NotificationOutbox.NONE);
    }

    /** With {@code outbox}, a completed backup's notification is written in the same transaction. */
    public BackupStore(Jdbi jdbi, NotificationOutbox outbox) {
        this.jdbi = jdbi;
        this.outbox = outbox;
    }

    /** What a new backup row records. */
    public record Claim(String id, String instance, String tier, String reason, String replica, String host,
                        long generation, Optional<String> release, String storage, Instant at) {
    }

    /**
     * Inserts a running backup, unless one of the instance is running already (on any replica): then
     * empty. Running rows older than {@code stale} are failed first (their replica died).
     */
    public boolean claim(Claim c, Duration stale) {
        return claim(c, stale, Optional.empty());
    }

    /**
     * {@link #claim(Claim, Duration)}, and for a scheduled backup only if no backup of the instance
     * started at or after {@code notSince} is running or complete (another replica took this slot's);
     * by uid, so the final backup of a purged instance never stands in for a new one of the same name.
     */
    public boolean claim(Claim c, Duration stale, Optional<Instant> notSince) {
        return db(() -> jdbi.inTransaction(h -> {
            h.createUpdate("""
                    UPDATE backups SET status = 'failed', finished_at = :now,
                           error = 'abandoned: the replica taking it stopped before it finished'
                    WHERE instance_name = :i AND status = 'running' AND started_at < :cutoff
                    """).bind("i", c.instance()).bind("now", ts(c.at())).bind("cutoff", ts(c.at().minus(stale)))
                    .execute();
            int inserted = h.createUpdate("""
                    INSERT INTO backups (id, instance_name, tier, reason, status, replica, host, generation, release,
                                         storage, started_at)
                    SELECT :id, :i, :tier, :reason, 'running', :replica, :host, :g, :release, :storage, :at
                    WHERE CAST(:since AS timestamptz) IS NULL
                       OR NOT EXISTS (SELECT 1 FROM backups
                                       WHERE instance_uid = (SELECT uid FROM instances WHERE name = :i)
                                         AND started_at >= CAST(:since AS timestamptz)
                                      AND status IN ('running', 'complete'))
                    ON CONFLICT (instance_name) WHERE status = 'running' DO NOTHING
                    """).bind("id", c.id()).bind("i", c.instance()).bind("tier", c.tier()).bind("reason", c.reason())
                    .bind("replica", c.replica()).bind("host", c.host()).bind("g", c.generation())
                    .bind("release", c.release().orElse(null)).bind("storage", c.storage()).bind("at", ts(c.at()))
                    .bind("since", notSince.map(BackupStore::ts).orElse(null))
                    .execute();
            return inserted == 1;
        }));
    }

    public void addPart(String backupId, BackupPart p) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO backup_parts (backup_id, part, kind, source, location, size_bytes, sha256)
                VALUES (:b, :part, :kind, :source, :location, :size, :sha)
                """).bind("b", backupId).bind("part", p.part()).bind("kind", p.kind()).bind("source", p.source())
                .bind("location", p.location()).bind("size", p.sizeBytes()).bind("sha", p.sha256()).execute()));
    }

    public void finish(String backupId, boolean complete, Optional<String> error, Instant at) {
        finish(backupId, complete, error, at, Optional.empty());
    }

    /**
     * Ends the backup; a complete one's {@code notice} ({@code instance.backup.completed}) goes to the
     * outbox in the same transaction, so it is sent exactly when the backup is listed as usable.
     */
    public void finish(String backupId, boolean complete, Optional<String> error, Instant at,
                       Optional<NewNotification> notice) {
        db(() -> jdbi.inTransaction(h -> {
            String instance = h.createQuery("""
                            UPDATE backups SET status = :s, finished_at = :at, error = :e
                             WHERE id = :b AND status = 'running'
                            RETURNING instance_name
                            """).bind("s", complete ? "complete" : "failed").bind("at", ts(at))
                    .bind("e", error.orElse(null)).bind("b", backupId).mapTo(String.class).findOne().orElse(null);
            if (complete && instance != null && notice.isPresent()) {
                outbox.enqueue(h, instance, List.of(notice.get()));
            }
            return null;
        }));
    }

    /** Retention removed the backup's parts: it stays listed as deleted, for the audit trail. */
    public void markDeleted(String backupId) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE backups SET status = 'deleted' WHERE id = :b")
                .bind("b", backupId).execute()));
    }

    /**
     * The backups of the live instance of that name, newest first (not those of an earlier instance
     * that had the name before its purge: see {@link #listOf(UUID)}).
     */
    public List<BackupRecord> list(String instance) {
        return db(() -> jdbi.withHandle(h -> read(h, "instance_uid = (SELECT uid FROM instances WHERE name = :key)",
                instance)));
    }

    /** The backups of the instance with that uid, live or purged, newest first. */
    public List<BackupRecord> listOf(UUID uid) {
        return db(() -> jdbi.withHandle(h -> read(h, "instance_uid = CAST(:key AS uuid)", uid.toString())));
    }

    public Optional<BackupRecord> find(String backupId) {
        return db(() -> jdbi.withHandle(h -> read(h, "id = :key", backupId).stream().findFirst()));
    }

    /**
     * Complete backups kept in storage {@code kind} of instances purged more than {@code keep} ago by
     * the database's clock (which wrote {@code purged_at}), oldest purge first, at most {@code limit}.
     */
    public List<BackupRecord> ofPurgedLongerThan(Duration keep, String kind, int limit) {
        if (!kind.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("storage kind " + kind);
        }
        return db(() -> jdbi.withHandle(h -> read(h, "id IN (SELECT b.id FROM backups b JOIN deleted_instances d"
                + " ON d.uid = b.instance_uid WHERE b.status = 'complete' AND b.storage = '" + kind + "'"
                + " AND d.purged_at < now() - make_interval(secs => CAST(:key AS double precision))"
                + " ORDER BY d.purged_at, b.started_at LIMIT " + Math.max(1, limit) + ")",
                String.valueOf(keep.toMillis() / 1000.0))));
    }

    /** Per instance: when its newest backup attempt started and when its newest complete backup did. */
    public record Latest(Optional<Instant> attempt, Optional<Instant> complete, boolean lastFailed) {
    }

    public Map<String, Latest> latest() {
        return db(() -> jdbi.withHandle(h -> {
            Map<String, Latest> out = new HashMap<>();
            h.createQuery("""
                    SELECT b.instance_name, max(b.started_at) AS attempt,
                           max(b.started_at) FILTER (WHERE b.status IN ('complete', 'deleted')) AS complete,
                           (array_agg(b.status ORDER BY b.started_at DESC))[1] = 'failed' AS last_failed
                    FROM backups b JOIN instances i ON i.uid = b.instance_uid GROUP BY b.instance_name
                    """).map((rs, ctx) -> {
                        out.put(rs.getString("instance_name"), new Latest(instant(rs, "attempt"),
                                instant(rs, "complete"), rs.getBoolean("last_failed")));
                        return null;
                    }).list();
            return out;
        }));
    }

    /** A new instance whose spec names a backup to start from, and that backup. */
    public record CloneDue(String name, String backupId) {
    }

    /**
     * Live instances created with {@code restoreFrom} that are Ready and were never restored: the
     * clones whose data is still to be brought in.
     */
    public List<CloneDue> clonesDue() {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT name, spec ->> 'restoreFrom' AS backup FROM instances
                 WHERE spec ->> 'restoreFrom' IS NOT NULL AND deletion_requested_at IS NULL AND phase = 'Ready'
                   AND ready_generation > 0 AND NOT conditions @> '[{"type": "Restored"}]'::jsonb
                 ORDER BY name
                """).map((rs, ctx) -> new CloneDue(rs.getString("name"), rs.getString("backup"))).list()));
    }

    /** An instance as the schedule sees it. */
    public record Scheduled(String name, Optional<String> tier, Instant createdAt, Optional<String> host,
                            boolean placedAndReady) {
    }

    /** Every instance that is not tombstoned, with whether it has been Ready on a host (it has data then). */
    public List<Scheduled> fleet() {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT name, spec->>'tier' AS tier, created_at, host,
                       host IS NOT NULL AND ready_generation > 0 AND phase NOT IN ('Deleting', 'Deleted') AS ready
                FROM instances WHERE deletion_requested_at IS NULL AND phase <> 'Deleted' ORDER BY name
                """).map((rs, ctx) -> new Scheduled(rs.getString("name"), Optional.ofNullable(rs.getString("tier")),
                        rs.getTimestamp("created_at").toInstant(), Optional.ofNullable(rs.getString("host")),
                        rs.getBoolean("ready"))).list()));
    }

    private static List<BackupRecord> read(Handle h, String where, String key) {
        Map<String, List<BackupPart>> parts = new HashMap<>();
        h.createQuery("SELECT p.* FROM backup_parts p JOIN backups b ON b.id = p.backup_id WHERE b." + where
                + " ORDER BY p.part").bind("key", key).map((rs, ctx) -> {
                    parts.computeIfAbsent(rs.getString("backup_id"), k -> new ArrayList<>()).add(new BackupPart(
                            rs.getString("part"), rs.getString("kind"), rs.getString("source"),
                            rs.getString("location"), rs.getLong("size_bytes"), rs.getString("sha256")));
                    return null;
                }).list();
        Map<String, BackupRecord> out = new LinkedHashMap<>();
        h.createQuery("SELECT * FROM backups WHERE " + where + " ORDER BY started_at DESC, id DESC").bind("key", key)
                .map((rs, ctx) -> {
                    String id = rs.getString("id");
                    out.put(id, new BackupRecord(id, rs.getString("instance_name"),
                            Optional.ofNullable(rs.getObject("instance_uid", UUID.class)), rs.getString("tier"),
                            rs.getString("reason"), rs.getString("status"), rs.getString("replica"),
                            Optional.ofNullable(rs.getString("host")), rs.getLong("generation"),
                            Optional.ofNullable(rs.getString("release")), rs.getString("storage"),
                            rs.getTimestamp("started_at").toInstant(), instant(rs, "finished_at"),
                            Optional.ofNullable(rs.getString("error")), parts.getOrDefault(id, List.of())));
                    return null;
                }).list();
        return new ArrayList<>(out.values());
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    private static <T> T db(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the database failed: " + e.getMessage(), e);
        }
    }
}
