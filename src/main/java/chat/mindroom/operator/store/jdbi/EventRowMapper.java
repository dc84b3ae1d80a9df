package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.store.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code events} row to an {@link Event}. */
public final class EventRowMapper implements RowMapper<Event> {

    @Override
    public Event map(ResultSet rs, StatementContext ctx) throws SQLException {
        int exit = rs.getInt("exit_code");
        Optional<Integer> exitCode = rs.wasNull() ? Optional.empty() : Optional.of(exit);
        long duration = rs.getLong("duration_ms");
        Optional<Long> durationMs = rs.wasNull() ? Optional.empty() : Optional.of(duration);
        long generation = rs.getLong("generation");
        Optional<Long> gen = rs.wasNull() ? Optional.empty() : Optional.of(generation);
        return new Event(rs.getLong("id"), rs.getString("instance_name"), rs.getTimestamp("at").toInstant(),
                rs.getString("type"), rs.getString("reason"), rs.getString("message"),
                Optional.ofNullable(rs.getString("command")), exitCode, durationMs, rs.getString("actor"), gen,
                Optional.ofNullable(rs.getObject("instance_uid", UUID.class)));
    }
}
