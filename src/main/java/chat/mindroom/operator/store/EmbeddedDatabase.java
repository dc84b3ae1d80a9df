package chat.mindroom.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries in a Maven artifact, with its data under the
 * operator's data directory so desired state survives restarts. The zero-setup default.
 *
 * <p>Beside the data directory {@code D} live {@code D.password} (the superuser's generated password,
 * 0600), {@code D.lock} (held while this process runs the server), {@code D.log} (the server's log)
 * and the unpacked binaries. The server listens on 127.0.0.1 only, asks every connection for the
 * password (scram-sha-256), and commits durably (fsync, synchronous_commit, full_page_writes on).
 * A server left running by an operator killed with -9 is stopped and started again: the new one
 * then runs with this version's settings and this process owns its lifecycle, which reusing the
 * orphan would not give (its port, settings and password are whatever the killed process chose).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final PostgresCluster cluster;
    private final Path dataDirectory;
    private final int port;
    private final String password;
    private final FileChannel lockChannel;
    private final Thread shutdownHook = new Thread(this::close, "embedded-postgres-stop");
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(PostgresCluster cluster, Path dataDirectory, int port, String password,
                             FileChannel lockChannel) {
        this.cluster = cluster;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.password = password;
        this.lockChannel = lockChannel;
    }

    /** Starts (initializing on first use) the server whose data lives in {@code dataDirectory}, on a free port. */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /** Starts the server on {@code port} (0: a free one). */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Path parent = data.getParent();
        String name = data.getFileName().toString();
        FileChannel lock = null;
        try {
            Files.createDirectories(parent);
            lock = lock(parent.resolve(name + ".lock"));
            PostgresCluster cluster = new PostgresCluster(PostgresBinaries.unpack(parent), data,
                    parent.resolve(name + ".log"));
            cluster.stopOrphan();
            Path passwordFile = parent.resolve(name + ".password");
            String password = PasswordFile.readOrCreate(passwordFile);
            if (!cluster.initialized()) {
                cluster.init(passwordFile);
            }
            cluster.setPassword(password);
            cluster.writeAccessRules();
            int chosen = port == 0 ? freePort() : port;
            cluster.start(chosen);
            EmbeddedDatabase database = new EmbeddedDatabase(cluster, data, chosen, password, lock);
            Runtime.getRuntime().addShutdownHook(database.shutdownHook);
            database.check();
            LOG.info("Embedded PostgreSQL is running on 127.0.0.1:{} with data in {}", chosen, data);
            return database;
        } catch (IOException e) {
            close(lock);
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + data, e);
        } catch (RuntimeException e) {
            close(lock);
            throw e;
        }
    }

    /** The superuser's connection to {@code database}, with the generated password. */
    public JdbcTarget target(String database) {
        return new JdbcTarget("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                Optional.of(PostgresCluster.SUPERUSER), Optional.of(password));
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown) and releases the data directory. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            cluster.stop();
        } catch (RuntimeException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
        close(lockChannel);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // this is the hook running
        }
    }

    private void check() {
        JdbcTarget target = target("postgres");
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), PostgresCluster.SUPERUSER, password);
             Statement statement = c.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("embedded PostgreSQL started but refuses the operator's connection: "
                    + e.getMessage(), e);
        }
    }

    /** Held while this process runs the server, so a second operator on the same directory stops here. */
    private static FileChannel lock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw new IllegalStateException(file + " is locked: another operator process runs this database");
            }
            channel.truncate(0).write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return channel;
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IllegalStateException(file + " is locked: this process already runs this database", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot release the database lock: {}", e.getMessage());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
