package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.store.Event;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL over the append-only {@code events} table. */
@RegisterRowMapper(EventRowMapper.class)
public interface EventDao {

    @SqlUpdate("""
            INSERT INTO events (instance_name, type, reason, message, actor, generation)
            VALUES (:instance, :type, :reason, :message, :actor, :generation)
            """)
    void append(@Bind("instance") String instance, @Bind("type") String type, @Bind("reason") String reason,
                @Bind("message") String message, @Bind("actor") String actor, @Bind("generation") long generation);

    @SqlQuery("""
            SELECT * FROM events
             WHERE instance_uid = (SELECT uid FROM instances WHERE name = :instance) AND id < :before
             ORDER BY id DESC
             LIMIT :limit
            """)
    List<Event> page(@Bind("instance") String instance, @Bind("before") long before, @Bind("limit") int limit);

    /** The trail of one instance by its uid: a purged instance's, whatever now has its name. */
    @SqlQuery("SELECT * FROM events WHERE instance_uid = :uid AND id < :before ORDER BY id DESC LIMIT :limit")
    List<Event> pageOf(@Bind("uid") UUID uid, @Bind("before") long before, @Bind("limit") int limit);

    /** The fleet-wide trail, newest first; a null filter matches everything. */
    @SqlQuery("""
            SELECT * FROM events
             WHERE id < :before
               AND (CAST(:instance AS text) IS NULL OR instance_name = :instance)
               AND (CAST(:actor AS text) IS NULL OR actor = :actor)
               AND (CAST(:reason AS text) IS NULL OR reason = :reason)
               AND (CAST(:type AS text) IS NULL OR type = :type)
               AND at >= :since AND at < :until
             ORDER BY id DESC
             LIMIT :limit
            """)
    List<Event> search(@Bind("instance") String instance, @Bind("actor") String actor, @Bind("reason") String reason,
                       @Bind("type") String type, @Bind("since") OffsetDateTime since,
                       @Bind("until") OffsetDateTime until, @Bind("before") long before, @Bind("limit") int limit);
}
