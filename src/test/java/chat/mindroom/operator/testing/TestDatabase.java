package chat.mindroom.operator.testing;

import chat.mindroom.operator.store.EmbeddedDatabase;
import chat.mindroom.operator.store.JdbcTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL server per test JVM: a Testcontainers container where a Docker engine
 * exists, otherwise the embedded server the operator itself uses. Every test gets a fresh, empty
 * database on it, so tests never see each other's rows and each one migrates from nothing.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile Server server;

    private TestDatabase() {
    }

    private record Server(String adminUrl, String user, String password, String urlPrefix) {
    }

    /** A new empty database; not yet migrated. */
    public static JdbcTarget fresh() {
        Server s = server();
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new JdbcTarget(s.urlPrefix() + name, Optional.of(s.user()), Optional.ofNullable(s.password()));
    }

    private static Server server() {
        if (server == null) {
            synchronized (TestDatabase.class) {
                if (server == null) {
                    server = dockerAvailable() ? container() : embedded();
                }
            }
        }
        return server;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static Server container() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
        container.start();
        String url = container.getJdbcUrl();
        String prefix = url.substring(0, url.lastIndexOf('/') + 1);
        return new Server(url, container.getUsername(), container.getPassword(), prefix);
    }

    private static Server embedded() {
        try {
            Path dir = Files.createTempDirectory("mindroom-test-pg");
            EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(db::close));
            JdbcTarget admin = db.target("postgres");
            String prefix = "jdbc:postgresql://127.0.0.1:" + db.port() + "/";
            return new Server(admin.jdbcUrl(), admin.user().orElseThrow(), admin.password().orElseThrow(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
