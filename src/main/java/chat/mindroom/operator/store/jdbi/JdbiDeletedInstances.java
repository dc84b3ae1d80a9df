package chat.mindroom.operator.store.jdbi;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.store.DeletedInstance;
import chat.mindroom.operator.store.DeletedInstances;
import chat.mindroom.operator.store.Event;
import chat.mindroom.operator.store.Page;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** {@link DeletedInstances} on PostgreSQL ({@code deleted_instances} and {@code events}). */
@Singleton
public final class JdbiDeletedInstances implements DeletedInstances {

    private final Jdbi jdbi;

    public JdbiDeletedInstances(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public Page<DeletedInstance> list(Optional<String> name, Optional<String> cursor, int limit) {
        Optional<Position> after = cursor.map(JdbiDeletedInstances::decode);
        List<DeletedInstance> rows = JdbiInstanceStore.translate(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM deleted_instances
                         WHERE (CAST(:name AS text) IS NULL OR name = :name)
                           AND (CAST(:at AS timestamptz) IS NULL OR (purged_at, uid) < (CAST(:at AS timestamptz), :uid))
                         ORDER BY purged_at DESC, uid DESC
                         LIMIT :limit
                        """)
                .bind("name", name.orElse(null))
                .bind("at", after.map(p -> p.at().toString()).orElse(null))
                .bind("uid", after.map(Position::uid).orElse(new UUID(0, 0)))
                .bind("limit", limit + 1)
                .map((rs, ctx) -> row(rs)).list()));
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<DeletedInstance> page = rows.subList(0, limit);
        DeletedInstance last = page.get(page.size() - 1);
        return new Page<>(page, Optional.of(encode(new Position(last.purgedAt(), last.uid()))));
    }

    @Override
    public Optional<DeletedInstance> find(UUID uid) {
        return JdbiInstanceStore.translate(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM deleted_instances WHERE uid = :uid").bind("uid", uid)
                .map((rs, ctx) -> row(rs)).findOne()));
    }

    @Override
    public Page<Event> events(UUID uid, OptionalLong beforeId, int limit) {
        List<Event> rows = JdbiInstanceStore.translate(() -> jdbi.withExtension(EventDao.class,
                dao -> dao.pageOf(uid, beforeId.orElse(Long.MAX_VALUE), limit + 1)));
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<Event> page = rows.subList(0, limit);
        return new Page<>(page, Optional.of(String.valueOf(page.get(page.size() - 1).id())));
    }

    private static DeletedInstance row(ResultSet rs) throws SQLException {
        Object spec = JsonDocument.parse(rs.getString("spec"));
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new DeletedInstance(rs.getObject("uid", UUID.class), rs.getString("name"), tree,
                rs.getLong("generation"), rs.getTimestamp("created_at").toInstant(),
                InstanceRowMapper.instant(rs, "deletion_requested_at"), InstanceRowMapper.instant(rs, "purge_started_at"),
                rs.getTimestamp("purged_at").toInstant(), Optional.ofNullable(rs.getString("host")),
                InstanceRowMapper.conditions(rs.getString("conditions")),
                JsonDocument.parse(rs.getString("urls")) instanceof List<?> urls
                        ? urls.stream().map(String::valueOf).toList() : List.of());
    }

    /** Where a page of the listing ended. */
    private record Position(Instant at, UUID uid) {
    }

    private static String encode(Position p) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((p.at() + "|" + p.uid())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            return new Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a cursor of this listing", e);
        }
    }
}
