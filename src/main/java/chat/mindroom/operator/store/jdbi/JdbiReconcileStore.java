package chat.mindroom.operator.store.jdbi;

import static chat.mindroom.operator.store.jdbi.DatabaseCalls.db;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.BrakeRow;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.OwedRestart;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.store.SecretBox;
import chat.mindroom.operator.store.StatusNotices;
import chat.mindroom.operator.store.StatusUpdate;
import chat.mindroom.operator.store.TlsAttempt;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/** {@link ReconcileStore} on PostgreSQL. */
public final class JdbiReconcileStore implements ReconcileStore {

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Replica replica;
    private final NotificationOutbox outbox;
    private final JdbiSecrets secretRows;
    private final JdbiOwedWork owedWork;

    /** Events whose actor is {@code reconciler} are written as this {@code replica}'s. */
    public JdbiReconcileStore(Jdbi jdbi, SecretBox box, Replica replica) {
        this(jdbi, box, replica, NotificationOutbox.NONE);
    }

    /** Status writes also put the notifications they cause into {@code outbox}, in the same transaction. */
    public JdbiReconcileStore(Jdbi jdbi, SecretBox box, Replica replica, NotificationOutbox outbox) {
        this.jdbi = jdbi;
        this.box = box;
        this.replica = replica;
        this.outbox = outbox.withSecrets(box);
        this.secretRows = new JdbiSecrets(jdbi, box);
        this.owedWork = new JdbiOwedWork(jdbi, replica);
    }

    @Override
    public Optional<Instance> find(InstanceName name) {
        return db(() -> jdbi.withExtension(InstanceDao.class, dao -> dao.find(name.value())));
    }

    @Override
    public List<InstanceName> active() {
        return db(() -> jdbi.withHandle(h -> h.createQuery(
                "SELECT name FROM instances WHERE phase <> 'Deleted' ORDER BY name").mapTo(String.class)
                .map(InstanceName::new).list()));
    }

    @Override
    public Map<List<String>, Integer> countsByPhaseAndTier() {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        db(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT phase, coalesce(spec ->> 'tier', 'unknown') AS tier, count(*) AS n
                          FROM instances GROUP BY 1, 2 ORDER BY 1, 2
                        """)
                .map((rs, ctx) -> counts.put(List.of(rs.getString("phase"), rs.getString("tier")), rs.getInt("n")))
                .list()));
        return counts;
    }

    @Override
    public Map<String, Integer> placements() {
        Map<String, Integer> counts = new TreeMap<>();
        db(() -> jdbi.withHandle(h -> h.createQuery("SELECT host, count(*) AS n FROM instances"
                        + " WHERE host IS NOT NULL AND phase <> 'Deleted' GROUP BY host")
                .map((rs, ctx) -> counts.put(rs.getString("host"), rs.getInt("n"))).list()));
        return counts;
    }

    @Override
    public String place(InstanceName name, String host) {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                        UPDATE instances SET host = coalesce(host, :host) WHERE name = :name RETURNING host
                        """).bind("host", host).bind("name", name.value()).mapTo(String.class).one()));
    }

    @Override
    public boolean claim(InstanceName name, String holder, Duration ttl) {
        return db(() -> jdbi.inTransaction(h -> {
            boolean claimed = h.createQuery("""
                        UPDATE instances SET lease_holder = :holder,
                               lease_expires_at = clock_timestamp() + make_interval(secs => :ttl)
                         WHERE name = (SELECT name FROM instances
                                        WHERE name = :name
                                          AND (lease_holder IS NULL OR lease_holder = :holder
                                               OR lease_expires_at < clock_timestamp())
                                        FOR UPDATE SKIP LOCKED)
                        RETURNING name
                        """).bind("holder", holder).bind("ttl", (double) ttl.toMillis() / 1000.0)
                    .bind("name", name.value()).mapTo(String.class).findOne().isPresent();
            if (claimed) {
                // What another replica left running longer than a lease lasts: it died or lost its
                // lease mid-command (a restart it runs outside its passes is younger than that).
                h.createUpdate("""
                        WITH gone AS (DELETE FROM commands_in_flight
                                       WHERE instance_name = :name AND replica <> :holder
                                         AND started_at < clock_timestamp() - make_interval(secs => :ttl)
                                      RETURNING instance_name, replica, command, generation, started_at)
                        INSERT INTO events (instance_name, type, reason, message, command, actor, generation)
                        SELECT instance_name, 'Warning', 'Interrupted',
                               'replica ' || replica || ' stopped holding this instance while this command ran'
                                   || ' (started ' || started_at || '); its outcome is unknown: this pass observes'
                                   || ' the host and finishes the work',
                               command, :actor, generation
                          FROM gone
                        """).bind("name", name.value()).bind("holder", holder).bind("actor", "reconciler/" + holder)
                        .bind("ttl", (double) ttl.toMillis() / 1000.0).execute();
            }
            return claimed;
        }));
    }

    @Override
    public void release(InstanceName name, String holder) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                UPDATE instances SET lease_holder = NULL, lease_expires_at = NULL
                 WHERE name = :name AND lease_holder = :holder
                """).bind("name", name.value()).bind("holder", holder).execute()));
    }

    @Override
    public boolean renew(InstanceName name, String holder, Duration ttl) {
        return db(() -> jdbi.withHandle(h -> h.createUpdate("""
                UPDATE instances SET lease_expires_at = clock_timestamp() + make_interval(secs => :ttl)
                 WHERE name = :name AND lease_holder = :holder
                """).bind("ttl", (double) ttl.toMillis() / 1000.0).bind("name", name.value()).bind("holder", holder)
                .execute() == 1));
    }

    @Override
    public boolean mayWrite(InstanceName name, String holder) {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT lease_holder IS NULL OR lease_holder = :holder OR lease_expires_at < clock_timestamp()
                  FROM instances WHERE name = :name
                """).bind("holder", holder).bind("name", name.value()).mapTo(Boolean.class).findOne().orElse(true)));
    }

    @Override
    public int releaseAll(String holder) {
        return db(() -> jdbi.withHandle(h -> h.createUpdate(
                "UPDATE instances SET lease_holder = NULL, lease_expires_at = NULL WHERE lease_holder = :holder")
                .bind("holder", holder).execute()));
    }

    @Override
    public Map<String, String> secrets(InstanceName name, Set<String> names) {
        return secretRows.secrets(name, names);
    }

    @Override
    public long commandStarting(InstanceName name, String replica, String command, long generation) {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO commands_in_flight (instance_name, replica, command, generation)
                VALUES (:i, :r, :c, :g) RETURNING id
                """).bind("i", name.value()).bind("r", replica).bind("c", command).bind("g", generation)
                .mapTo(Long.class).one()));
    }

    @Override
    public void commandEnded(long id) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM commands_in_flight WHERE id = :id")
                .bind("id", id).execute()));
    }

    @Override
    public int recordInterrupted(String replica) {
        return db(() -> jdbi.inTransaction(h -> {
            // its restarts died with it: they are owed again, at once, not when their claims lapse
            h.createUpdate("UPDATE restarts_owed SET running_by = NULL, running_until = NULL WHERE running_by = :r")
                    .bind("r", replica).execute();
            return h.createUpdate("""
                WITH gone AS (DELETE FROM commands_in_flight WHERE replica = :r
                              RETURNING instance_name, command, generation, started_at)
                INSERT INTO events (instance_name, type, reason, message, command, actor, generation)
                SELECT instance_name, 'Warning', 'Interrupted',
                       'the operator stopped while this command ran (started ' || started_at
                           || '); its outcome is unknown: the next pass observes the host and finishes the work',
                       command, :actor, generation
                  FROM gone
                """).bind("r", replica).bind("actor", "reconciler/" + replica).execute();
        }));
    }

    @Override
    public Map<String, BrakeRow> brakes() {
        Map<String, BrakeRow> out = new TreeMap<>();
        db(() -> jdbi.withHandle(h -> h.createQuery("SELECT scope, reason, since FROM safety_brakes WHERE released_at IS NULL")
                .map((rs, ctx) -> out.put(rs.getString("scope"), new BrakeRow(rs.getString("reason"),
                        rs.getTimestamp("since").toInstant()))).list()));
        return out;
    }

    @Override
    public void engageBrake(String scope, String reason, Instant since) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO safety_brakes (scope, reason, since) VALUES (:scope, :reason, :since)
                ON CONFLICT (scope) DO UPDATE SET reason = :reason, since = :since, released_at = NULL
                 WHERE safety_brakes.released_at IS NOT NULL
                """).bind("scope", scope).bind("reason", reason).bind("since", Timestamp.from(since)).execute()));
    }

    @Override
    public void releaseBrake(String scope) {
        db(() -> jdbi.withHandle(h -> h.createUpdate(
                "UPDATE safety_brakes SET released_at = clock_timestamp() WHERE scope = :scope AND released_at IS NULL")
                .bind("scope", scope).execute()));
    }

    @Override
    public int tombstonedSinceFleetRelease() {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM instances
                 WHERE deletion_requested_at IS NOT NULL AND phase <> 'Deleted' AND purge_at <= now()
                   AND purge_at > coalesce((SELECT released_at FROM safety_brakes WHERE scope = 'fleet'), '-infinity')
                """).mapTo(Integer.class).one()));
    }

    @Override
    public boolean secretKeyMatches() {
        return secretRows.secretKeyMatches();
    }

    @Override
    public void adoptSecrets(InstanceName name, Map<String, String> values, boolean replace) {
        secretRows.adoptSecrets(name, values, replace);
    }

    @Override
    public Map<String, String> existingSecrets(InstanceName name, Set<String> names) {
        return secretRows.existingSecrets(name, names);
    }

    @Override
    public void recordStatus(InstanceName name, StatusUpdate s) {
        List<Object> conditions = s.conditions().stream().map(Condition::toTree).map(c -> (Object) c).toList();
        String drift = null;
        if (!s.driftFields().isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("fields", s.driftFields());
            d.put("at", s.reconciledAt().toString());
            drift = JsonDocument.writeString(d);
        }
        String driftJson = drift;
        if (s.phase() == Phase.Deleted) {
            db(() -> jdbi.withHandle(h -> {
                h.createUpdate("DELETE FROM restarts_owed WHERE instance_name = :i").bind("i", name.value()).execute();
                h.createUpdate("DELETE FROM created_objects WHERE instance_name = :i").bind("i", name.value()).execute();
                return h.createUpdate("DELETE FROM tls_attempts WHERE instance_name = :i").bind("i", name.value())
                        .execute();
            }));
        }
        db(() -> jdbi.inTransaction(h -> {
            Optional<StatusNotices.Before> before = outbox.active() ? outbox.before(h, name.value()) : Optional.empty();
            h.createUpdate("""
                UPDATE instances SET phase = :phase, observed_generation = :og, conditions = CAST(:conditions AS jsonb),
                       urls = CAST(:urls AS jsonb), last_reconcile_at = :at, last_error_code = :code,
                       last_error_message = :message, attempts = :attempts, next_attempt_at = :next,
                       last_drift = coalesce(CAST(:drift AS jsonb), last_drift),
                       ready_generation = greatest(ready_generation, :ready),
                       ready_revision = coalesce(:revision, ready_revision)
                 WHERE name = :name
                """)
                .bind("phase", s.phase().name()).bind("og", s.observedGeneration())
                .bind("conditions", JsonDocument.writeString(conditions)).bind("urls", JsonDocument.writeString(s.urls()))
                .bind("at", Timestamp.from(s.reconciledAt())).bind("code", s.errorCode().orElse(null))
                .bind("message", s.errorMessage().orElse(null)).bind("attempts", s.attempts())
                .bind("next", s.nextAttemptAt().map(Timestamp::from).orElse(null)).bind("drift", driftJson).bind("ready", s.readyGeneration())
                .bind("revision", s.revision().orElse(null)).bind("name", name.value()).execute();
            before.ifPresent(b -> outbox.enqueue(h, name.value(), StatusNotices.of(b, s)));
            return null;
        }));
    }

    @Override
    public void enqueueNotification(InstanceName name, NewNotification notification) {
        db(() -> jdbi.inTransaction(h -> {
            outbox.enqueue(h, name.value(), List.of(notification));
            return null;
        }));
    }


    @Override
    public void recordEvent(InstanceName name, NewEvent e) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO events (instance_name, type, reason, message, command, exit_code, duration_ms, actor, generation)
                VALUES (:i, :type, :reason, :message, :command, :exit, :duration, :actor, :generation)
                """).bind("i", name.value()).bind("type", e.type()).bind("reason", e.reason())
                .bind("message", e.message()).bind("command", e.command().orElse(null))
                .bind("exit", e.exitCode().orElse(null)).bind("duration", e.durationMs().orElse(null))
                .bind("actor", e.actor().equals("reconciler") ? replica.actor() : e.actor()).bind("generation", e.generation()).execute()));
    }

    @Override
    public void recordCreating(InstanceName name, String kind, String object) {
        db(() -> jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO created_objects (instance_name, kind, name) VALUES (:i, :kind, :name) ON CONFLICT DO NOTHING
                """).bind("i", name.value()).bind("kind", kind).bind("name", object).execute()));
    }

    @Override
    public Set<String> createdObjects(InstanceName name) {
        return db(() -> jdbi.withHandle(h -> new TreeSet<>(h.createQuery(
                "SELECT name FROM created_objects WHERE instance_name = :i").bind("i", name.value())
                .mapTo(String.class).list())));
    }

    @Override
    public boolean backupSince(InstanceName name, Instant since) {
        return db(() -> jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM events WHERE instance_name = :i AND reason = 'BackupCompleted' AND at >= :since
                """).bind("i", name.value()).bind("since", Timestamp.from(since)).mapTo(Long.class).one() > 0));
    }

    @Override
    public void oweRestart(InstanceName name, String host, String app, long generation) {
        owedWork.oweRestart(name, host, app, generation);
    }

    @Override
    public void settleRestart(String host, String app, long generation) {
        owedWork.settleRestart(host, app, generation);
    }

    @Override
    public void restartRunning(String host, String app, Instant until) {
        owedWork.restartRunning(host, app, until);
    }

    @Override
    public void restartFailed(String host, String app) {
        owedWork.restartFailed(host, app);
    }

    @Override
    public Map<String, OwedRestart> owedRestarts(InstanceName name) {
        return owedWork.owedRestarts(name);
    }

    @Override
    public Map<String, TlsAttempt> tlsAttempts(InstanceName name) {
        return owedWork.tlsAttempts(name);
    }

    @Override
    public void tlsFailed(InstanceName name, TlsAttempt a) {
        owedWork.tlsFailed(name, a);
    }

    @Override
    public void tlsSettled(InstanceName name, String app) {
        owedWork.tlsSettled(name, app);
    }

    @Override
    public Map<String, Integer> tlsFailing(int failures) {
        return owedWork.tlsFailing(failures);
    }

    @Override
    public void recordProgress(InstanceName name, Phase phase, List<Condition> conditions) {
        List<Object> trees = conditions.stream().map(Condition::toTree).map(c -> (Object) c).toList();
        db(() -> jdbi.inTransaction(h -> {
            Optional<StatusNotices.Before> before = outbox.active() ? outbox.before(h, name.value()) : Optional.empty();
            h.createUpdate("""
                UPDATE instances SET phase = :phase, conditions = CAST(:conditions AS jsonb) WHERE name = :name
                """).bind("phase", phase.name()).bind("conditions", JsonDocument.writeString(trees))
                .bind("name", name.value()).execute();
            before.ifPresent(b -> outbox.enqueue(h, name.value(), StatusNotices.ofProgress(b, phase)));
            return null;
        }));
    }
}
