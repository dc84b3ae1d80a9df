package chat.mindroom.operator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A separate JVM that plays an operator about to be killed: starts the embedded database in the
 * directory given as the argument, commits one row, prints {@code READY <postmaster pid>}, and waits
 * to be killed. Used by {@link EmbeddedDatabaseIT}.
 */
public final class EmbeddedDatabaseProcess {

    private EmbeddedDatabaseProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]));
        JdbcTarget target = database.target("postgres");
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user().orElseThrow(),
                target.password().orElseThrow()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS survivors (name text PRIMARY KEY)");
            st.execute("INSERT INTO survivors VALUES ('" + args[1] + "')");
        }
        long postmaster = PostmasterPid.read(database.dataDirectory()).orElseThrow().pid();
        System.out.println("READY " + postmaster);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
