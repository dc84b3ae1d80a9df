package chat.mindroom.operator.store.jdbi;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.Purges;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link Purges} on PostgreSQL. */
@Singleton
public final class JdbiPurges implements Purges {

    /** What belongs to an instance's name alone, and goes with the purge. */
    private static final List<String> OWNED_BY_NAME = List.of("instance_secrets", "created_objects", "restarts_owed",
            "tls_attempts", "destructive_intents", "credential_rotations", "rollout_slots", "approvals");

    private final Jdbi jdbi;

    public JdbiPurges(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public Optional<Instance> start(InstanceName name) {
        return JdbiInstanceStore.translate(() -> jdbi.inTransaction(handle -> {
            Optional<Instance> started = handle.createQuery("""
                            UPDATE instances SET purge_started_at = now()
                             WHERE name = :name AND deletion_requested_at IS NOT NULL AND purge_started_at IS NULL
                               AND purge_at <= now()
                            RETURNING *
                            """)
                    .bind("name", name.value()).map(new InstanceRowMapper()).findOne();
            started.ifPresent(i -> handle.attach(EventDao.class).append(name.value(), "Normal", "PurgeStarted",
                    "the grace period ended at " + i.purgeAt().orElseThrow() + ": "
                            + (Boolean.FALSE.equals(i.spec().get("backupOnDelete")) ? "" : "a final backup, then ")
                            + "the apps and services are destroyed", "reconciler", i.generation()));
            return started;
        }));
    }

    @Override
    public void archive(Instance instance) {
        String name = instance.name().value();
        JdbiInstanceStore.translate(() -> jdbi.inTransaction(handle -> {
            boolean purging = handle.createQuery("""
                            SELECT true FROM instances
                             WHERE name = :name AND uid = :uid AND purge_started_at IS NOT NULL FOR UPDATE
                            """)
                    .bind("name", name).bind("uid", instance.uid()).mapTo(Boolean.class).findOne().isPresent();
            if (!purging) {
                return null;
            }
            handle.attach(EventDao.class).append(name, "Normal", "Purged", "apps and services destroyed; the name "
                    + name + " is free again. This instance's events and backups stay readable under"
                    + " /api/v1/deleted-instances/" + instance.uid(), "reconciler", instance.generation());
            handle.createUpdate("""
                            INSERT INTO deleted_instances (uid, name, spec, generation, created_at, deletion_requested_at,
                                                           purge_started_at, host, conditions, urls)
                            SELECT uid, name, spec, generation, created_at, deletion_requested_at, purge_started_at,
                                   host, conditions, urls
                              FROM instances WHERE name = :name AND uid = :uid
                            ON CONFLICT (uid) DO NOTHING
                            """)
                    .bind("name", name).bind("uid", instance.uid()).execute();
            for (String table : OWNED_BY_NAME) {
                handle.createUpdate("DELETE FROM " + table + " WHERE instance_name = :name").bind("name", name)
                        .execute();
            }
            handle.createUpdate("DELETE FROM instances WHERE name = :name AND uid = :uid")
                    .bind("name", name).bind("uid", instance.uid()).execute();
            return null;
        }));
    }
}
