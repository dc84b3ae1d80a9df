package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The PostgreSQL server the operator stores desired state in, and the embedded one if it runs it. */
public record DatabaseServer(JdbcTarget target, Optional<EmbeddedDatabase> embedded) implements AutoCloseable {

    public DatabaseServer {
        requireNonNull(target, "target is null");
        requireNonNull(embedded, "embedded is null");
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
