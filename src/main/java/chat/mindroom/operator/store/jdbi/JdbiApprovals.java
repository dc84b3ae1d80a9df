package chat.mindroom.operator.store.jdbi;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Approvals;
import chat.mindroom.operator.store.Instance;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@link Approvals} on PostgreSQL ({@code approvals}). */
@Singleton
public final class JdbiApprovals implements Approvals {

    private final Jdbi jdbi;

    public JdbiApprovals(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public boolean approved(InstanceName name, UUID uid, long generation, String planHash, String what, Instant now) {
        return JdbiInstanceStore.translate(() -> jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM approvals WHERE instance_uid = :uid AND plan_hash <> :hash AND approved_at IS NULL")
                    .bind("uid", uid).bind("hash", planHash).execute();
            h.createUpdate("""
                            INSERT INTO approvals (instance_uid, plan_hash, instance_name, generation, what)
                            VALUES (:uid, :hash, :name, :generation, :what)
                            ON CONFLICT (instance_uid, plan_hash) DO NOTHING
                            """)
                    .bind("uid", uid).bind("hash", planHash).bind("name", name.value()).bind("generation", generation)
                    .bind("what", what).execute();
            return h.createQuery("SELECT expires_at > :now FROM approvals WHERE instance_uid = :uid AND plan_hash = :hash")
                    .bind("uid", uid).bind("hash", planHash)
                    .bind("now", Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)))
                    .mapTo(Boolean.class).findOne().orElse(false);
        }));
    }

    @Override
    public void consumed(UUID uid) {
        JdbiInstanceStore.translate(() -> jdbi.withHandle(h -> h.createUpdate(
                "DELETE FROM approvals WHERE instance_uid = :uid AND approved_at IS NOT NULL").bind("uid", uid).execute()));
    }

    @Override
    public List<Request> requests(InstanceName name) {
        return JdbiInstanceStore.translate(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.* FROM approvals a JOIN instances i ON i.uid = a.instance_uid
                         WHERE i.name = :name ORDER BY a.requested_at DESC
                        """).bind("name", name.value()).map((rs, ctx) -> request(rs)).list()));
    }

    @Override
    public Request approve(InstanceName name, String planHash, String actor, Duration ttl) {
        return JdbiInstanceStore.translate(() -> jdbi.inTransaction(h -> {
            Instance instance = h.attach(InstanceDao.class).lock(name.value()).orElseThrow(() -> new OperatorException(
                    ErrorCode.NOT_FOUND, "instance " + name + " does not exist"));
            Optional<Request> waiting = find(h, instance.uid(), planHash);
            if (waiting.isEmpty()) {
                String current = h.createQuery("""
                                SELECT plan_hash FROM approvals WHERE instance_uid = :uid AND approved_at IS NULL
                                 ORDER BY requested_at DESC LIMIT 1
                                """).bind("uid", instance.uid()).mapTo(String.class).findOne()
                        .map(hash -> "the plan waiting now has hash " + hash).orElse("no plan of it waits for one");
                throw new OperatorException(ErrorCode.CONFLICT, "no plan of instance " + name + " with hash " + planHash
                        + " waits for an approval (" + current + "); read GET /api/v1/instances/" + name
                        + "/plan again", List.of(new FieldError("planHash", "is not the hash of the plan that waits")));
            }
            h.createUpdate("""
                            UPDATE approvals SET approved_by = :actor, approved_at = clock_timestamp(),
                                                 expires_at = clock_timestamp() + make_interval(secs => :ttl)
                             WHERE instance_uid = :uid AND plan_hash = :hash
                               AND (expires_at IS NULL OR expires_at <= clock_timestamp())
                            """)
                    .bind("actor", actor).bind("ttl", ttl.toMillis() / 1000.0).bind("uid", instance.uid())
                    .bind("hash", planHash).execute();
            Request approved = find(h, instance.uid(), planHash).orElseThrow();
            h.attach(EventDao.class).append(name.value(), "Normal", "Approved", "plan " + planHash + " approved until "
                    + approved.expiresAt().orElseThrow() + ": " + approved.what(), actor, instance.generation());
            h.attach(InstanceDao.class).requestReconcile(name.value());
            return approved;
        }));
    }

    private static Optional<Request> find(Handle h, UUID uid, String hash) {
        return h.createQuery("SELECT * FROM approvals WHERE instance_uid = :uid AND plan_hash = :hash")
                .bind("uid", uid).bind("hash", hash).map((rs, ctx) -> request(rs)).findOne();
    }

    private static Request request(ResultSet rs) throws SQLException {
        return new Request(rs.getString("plan_hash"), rs.getString("what"), rs.getLong("generation"),
                rs.getTimestamp("requested_at").toInstant(), Optional.ofNullable(rs.getString("approved_by")),
                InstanceRowMapper.instant(rs, "expires_at"));
    }
}
