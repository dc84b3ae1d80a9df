package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.store.Instance;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;

/** SQL over {@code instances}. Generation and resource version are the triggers' business. */
@RegisterRowMapper(InstanceRowMapper.class)
public interface InstanceDao {

    @SqlQuery("SELECT * FROM instances WHERE name = :name")
    Optional<Instance> find(@Bind("name") String name);

    @SqlQuery("SELECT * FROM instances WHERE name = :name FOR UPDATE")
    Optional<Instance> lock(@Bind("name") String name);

    @SqlUpdate("""
            INSERT INTO instances (name, spec)
            VALUES (:name, CAST(:spec AS jsonb))
            ON CONFLICT (name) DO NOTHING
            RETURNING *
            """)
    @GetGeneratedKeys
    Optional<Instance> insert(@Bind("name") String name, @Bind("spec") String specJson);

    @SqlUpdate("""
            UPDATE instances SET spec = CAST(:spec AS jsonb)
             WHERE name = :name AND spec IS DISTINCT FROM CAST(:spec AS jsonb)
            RETURNING *
            """)
    @GetGeneratedKeys
    Optional<Instance> updateSpec(@Bind("name") String name, @Bind("spec") String specJson);

    @SqlUpdate("""
            UPDATE instances SET deletion_requested_at = now(), purge_at = now() + make_interval(secs => :grace)
             WHERE name = :name AND deletion_requested_at IS NULL
            RETURNING *
            """)
    @GetGeneratedKeys
    Optional<Instance> tombstone(@Bind("name") String name, @Bind("grace") double graceSeconds);

    /** Brings a soft-deleted instance's purge forward (never later), unless the purge began. */
    @SqlUpdate("""
            UPDATE instances SET purge_at = now() + make_interval(secs => :grace)
             WHERE name = :name AND deletion_requested_at IS NOT NULL AND purge_started_at IS NULL
               AND purge_at > now() + make_interval(secs => :grace)
            RETURNING *
            """)
    @GetGeneratedKeys
    Optional<Instance> advancePurge(@Bind("name") String name, @Bind("grace") double graceSeconds);

    /** Clears the tombstone of a soft-deleted instance, unless its purge began. */
    @SqlUpdate("""
            UPDATE instances SET deletion_requested_at = NULL, purge_at = NULL
             WHERE name = :name AND deletion_requested_at IS NOT NULL AND purge_started_at IS NULL
            RETURNING *
            """)
    @GetGeneratedKeys
    Optional<Instance> undelete(@Bind("name") String name);

    @SqlUpdate("UPDATE instances SET reconcile_requested_at = clock_timestamp() WHERE name = :name RETURNING *")
    @GetGeneratedKeys
    Optional<Instance> requestReconcile(@Bind("name") String name);

    @SqlQuery("""
            SELECT * FROM instances
             WHERE name > :after
               AND (CAST(:tier AS text) IS NULL OR spec ->> 'tier' = :tier)
               AND (CAST(:phase AS text) IS NULL OR phase = :phase)
               AND (CAST(:subscription AS text) IS NULL OR spec ->> 'subscriptionId' = :subscription)
             ORDER BY name
             LIMIT :limit
            """)
    List<Instance> page(@Bind("after") String after, @Bind("tier") String tier, @Bind("phase") String phase,
                        @Bind("subscription") String subscriptionId, @Bind("limit") int limit);

    /** The live instance (no tombstone) other than {@code except} that carries {@code subscriptionId}. */
    @SqlQuery("""
            SELECT name FROM instances
             WHERE spec ->> 'subscriptionId' = :subscription AND deletion_requested_at IS NULL
               AND spec ->> 'subscriptionId' IS NOT NULL AND name <> :except
            """)
    Optional<String> subscriptionOwner(@Bind("subscription") String subscriptionId, @Bind("except") String except);

    @SqlQuery("""
            SELECT domain, instance_name FROM instance_domains
             WHERE domain IN (<domains>) AND instance_name <> :except
            """)
    @RegisterConstructorMapper(DomainOwner.class)
    List<DomainOwner> domainOwners(@BindList("domains") List<String> domains, @Bind("except") String except);

    /** A row of {@code instance_domains}. */
    record DomainOwner(String domain, String instanceName) {
    }
}
