package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL is closed to other local users, durable, and recovers from a kill -9. */
class EmbeddedDatabaseIT {

    @TempDir
    Path dir;

    private static Connection connect(JdbcTarget target, String password) throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(), "postgres", password);
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void onlyTheGeneratedPasswordGetsInAndCommitsAreDurable() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"))) {
            JdbcTarget target = db.target("postgres");
            Path passwordFile = dir.resolve("postgres.password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(target.password()).contains(Files.readString(passwordFile).strip());

            assertThatThrownBy(() -> connect(target, "not-the-password").close())
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> DriverManager.getConnection(target.jdbcUrl(), "postgres", null).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("no password was provided");

            try (Connection c = connect(target, target.password().orElseThrow())) {
                assertThat(column(c, "SHOW fsync")).containsExactly("on");
                assertThat(column(c, "SHOW synchronous_commit")).containsExactly("on");
                assertThat(column(c, "SHOW full_page_writes")).containsExactly("on");
                assertThat(column(c, "SHOW listen_addresses")).containsExactly("127.0.0.1");
                assertThat(column(c, "SELECT DISTINCT auth_method FROM pg_hba_file_rules"))
                        .containsExactly("scram-sha-256");
            }
        }
    }

    @Test
    void aDataDirectoryMadeWithTrustByAnEarlierVersionIsUpgradedInPlace() throws Exception {
        Path data = dir.resolve("postgres");
        // What earlier versions did: zonky's defaults, trust for every local connection, no password.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .start(); Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (name text)");
            st.execute("INSERT INTO kept VALUES ('from-before')");
        }
        assertThat(Files.exists(dir.resolve("postgres.password"))).isFalse();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
            JdbcTarget target = db.target("postgres");
            assertThatThrownBy(() -> DriverManager.getConnection(target.jdbcUrl(), "postgres", null).close())
                    .isInstanceOf(SQLException.class);
            try (Connection c = connect(target, target.password().orElseThrow())) {
                assertThat(column(c, "SELECT name FROM kept")).containsExactly("from-before");
                assertThat(column(c, "SELECT DISTINCT auth_method FROM pg_hba_file_rules"))
                        .containsExactly("scram-sha-256");
            }
        }
    }

    @Test
    void aServerOrphanedByKillMinus9IsHandledByTheNextStart() throws Exception {
        Path data = dir.resolve("postgres");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseProcess.class.getName(), data.toString(), "written-before-the-kill")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long postmaster;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("the child JVM ended before its database was ready").isNotNull();
            } while (!line.startsWith("READY "));
            postmaster = Long.parseLong(line.substring(6).strip());
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(postmaster);
        assertThat(orphan).as("the killed JVM's postmaster still runs").hasValueSatisfying(
                p -> assertThat(p.isAlive()).isTrue());

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data);
             Connection c = connect(db.target("postgres"), db.target("postgres").password().orElseThrow())) {
            assertThat(column(c, "SELECT name FROM survivors")).containsExactly("written-before-the-kill");
            assertThat(orphan.get().isAlive()).as("the orphaned postmaster was stopped").isFalse();
            assertThat(PostmasterPid.read(data).orElseThrow().pid()).isNotEqualTo(postmaster);
        }
    }
}
