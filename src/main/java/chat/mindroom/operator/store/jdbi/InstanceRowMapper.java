package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.InstanceStatus;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.Instance;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code instances} row (all columns) to an {@link Instance}. */
public final class InstanceRowMapper implements RowMapper<Instance> {

    @Override
    public Instance map(ResultSet rs, StatementContext ctx) throws SQLException {
        InstanceStatus status = new InstanceStatus(
                Phase.valueOf(rs.getString("phase")),
                rs.getLong("observed_generation"),
                conditions(rs.getString("conditions")),
                Optional.ofNullable(rs.getString("host")),
                strings(JsonDocument.parse(rs.getString("urls"))),
                instant(rs, "last_reconcile_at"),
                Optional.ofNullable(rs.getString("last_error_code")),
                Optional.ofNullable(rs.getString("last_error_message")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                driftFields(rs.getString("last_drift")),
                driftAt(rs.getString("last_drift")),
                rs.getLong("ready_generation"),
                Optional.ofNullable(rs.getString("ready_revision")));
        return new Instance(
                new InstanceName(rs.getString("name")),
                specTree(rs.getString("spec")),
                rs.getLong("generation"),
                rs.getLong("resource_version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                instant(rs, "deletion_requested_at"),
                instant(rs, "reconcile_requested_at"),
                rs.getTimestamp("generation_changed_at").toInstant(),
                status,
                rs.getObject("uid", UUID.class),
                instant(rs, "purge_at"),
                instant(rs, "purge_started_at"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specTree(String json) {
        Object tree = JsonDocument.parse(json);
        return tree instanceof Map<?, ?> ? InstanceSpec.inCanonicalOrder((Map<String, Object>) tree) : Map.of();
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? Optional.empty() : Optional.of(ts.toInstant());
    }

    static List<Condition> conditions(String json) {
        List<Condition> conditions = new ArrayList<>();
        if (JsonDocument.parse(json) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> c) {
                    conditions.add(new Condition(text(c.get("type")), text(c.get("status")), text(c.get("reason")),
                            text(c.get("message")), Instant.parse(text(c.get("lastTransitionTime")))));
                }
            }
        }
        return conditions;
    }

    private static List<String> strings(Object tree) {
        return tree instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<String> driftFields(String json) {
        if (json != null && JsonDocument.parse(json) instanceof Map<?, ?> drift) {
            return strings(drift.get("fields"));
        }
        return List.of();
    }

    private static Optional<Instant> driftAt(String json) {
        if (json != null && JsonDocument.parse(json) instanceof Map<?, ?> drift && drift.get("at") instanceof String at) {
            return Optional.of(Instant.parse(at));
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
