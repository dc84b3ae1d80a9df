package chat.mindroom.operator.api.watch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a connection that {@code LISTEN}s on {@code instance_watch} (the change log trigger notifies
 * at each commit) and runs {@code wake} for every notification. While the database is away it tries
 * again every second; the fan-out's own polling covers what it misses meanwhile.
 */
final class WatchNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(WatchNotifications.class);

    private final DataSource dataSource;
    private final Runnable wake;
    private final Thread thread;
    private volatile boolean running = true;

    WatchNotifications(DataSource dataSource, Runnable wake) {
        this.dataSource = dataSource;
        this.wake = wake;
        this.thread = new Thread(this::run, "watch-listen");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        while (running) {
            try {
                listen();
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.debug("LISTEN instance_watch lost: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void listen() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN instance_watch");
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            while (running) {
                PGNotification[] notes = pg.getNotifications(1000);
                if (notes != null && notes.length > 0) {
                    wake.run();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
