package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import java.sql.Connection;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN instance_changed} on a connection of its own: every desired-state change (API or
 * SQL) is handed on by instance name at once. Reconnects every second while the database is away.
 */
final class ChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

    private final DataSource dataSource;
    private final Consumer<InstanceName> changed;
    private volatile boolean stopped;
    private Thread thread;

    ChangeListener(DataSource dataSource, Consumer<InstanceName> changed) {
        this.dataSource = dataSource;
        this.changed = changed;
    }

    void start() {
        thread = new Thread(this::listen, "reconcile-listen");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection(); Statement st = connection.createStatement()) {
                st.execute("LISTEN instance_changed");
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes != null) {
                        for (PGNotification note : notes) {
                            changed.accept(new InstanceName(note.getParameter()));
                        }
                    }
                }
            } catch (Exception e) {
                if (!stopped) {
                    LOG.warn("LISTEN instance_changed failed, retrying in 1 s: {}", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
