package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class MigrationsIT {

    @Test
    void migratesAnEmptyDatabaseToTheCurrentSchemaAndIsIdempotent() throws IOException {
        JdbcTarget target = TestDatabase.fresh();
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(target.jdbcUrl());
            target.user().ifPresent(ds::setUsername);
            target.password().ifPresent(ds::setPassword);

            Jdbi jdbi = Jdbi.create(ds);
            assertThat(tables(jdbi)).doesNotContain("instances");

            DatabaseFactory.migrate(ds);
            Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
            MigrationInfo[] applied = flyway.info().applied();
            // every file in migrations/, in version order
            assertThat(applied).extracting(m -> Integer.parseInt(m.getVersion().getVersion()))
                    .containsExactlyElementsOf(versionsIn(Path.of("migrations")));
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(tables(jdbi)).contains("instances", "events", "instance_domains");

            // A second start migrates nothing and changes nothing.
            DatabaseFactory.migrate(ds);
            assertThat(flyway.migrate().migrationsExecuted).isZero();

            List<String> triggers = jdbi.withHandle(h -> h.createQuery(
                    "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname").mapTo(String.class).list());
            assertThat(triggers).contains("instances_before_write", "instances_notify", "instances_sync_domains_insert",
                    "instances_sync_domains_update",
                    "events_append_only");
        }
    }

    /**
     * An operator upgraded from before soft deletes: its Deleted instances (kept forever then) move to
     * the deleted instances with their events and backups, a Deleting one goes on purging, a live one
     * stays, and their names are free or taken accordingly.
     */
    @Test
    void upgradingADatabaseWithDeletedAndDeletingInstancesArchivesThemAndKeepsTheirHistory() {
        JdbcTarget target = TestDatabase.fresh();
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(target.jdbcUrl());
            target.user().ifPresent(ds::setUsername);
            target.password().ifPresent(ds::setPassword);
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("45").load().migrate();
            Jdbi jdbi = Jdbi.create(ds);
            jdbi.useHandle(h -> {
                for (String[] row : new String[][] {{"gone", "Deleted"}, {"going", "Deleting"}, {"alive", "Ready"}}) {
                    h.createUpdate("INSERT INTO instances (name, spec, phase, deletion_requested_at) VALUES"
                            + " (:n, '{\"tier\":\"starter\"}', :p, CASE WHEN :p = 'Ready' THEN NULL ELSE now() END)")
                            .bind("n", row[0]).bind("p", row[1]).execute();
                    h.createUpdate("INSERT INTO events (instance_name, type, reason, message, actor)"
                            + " VALUES (:n, 'Normal', 'Created', 'x', 'test')").bind("n", row[0]).execute();
                    h.createUpdate("INSERT INTO instance_secrets (instance_name, name, nonce, ciphertext)"
                            + " VALUES (:n, 'admin', '\\x00', '\\x00')").bind("n", row[0]).execute();
                }
                h.execute("INSERT INTO backups (id, instance_name, tier, reason, status, replica, generation, storage,"
                        + " started_at) VALUES ('b1', 'gone', 'starter', 'before deletion', 'complete', 'r', 1, 'local',"
                        + " now())");
            });

            DatabaseFactory.migrate(ds);
            assertThat(strings(jdbi, "SELECT name || ':' || phase || ':' || (purge_started_at IS NOT NULL)"
                    + " FROM instances ORDER BY name")).containsExactly("alive:Ready:false", "going:Deleting:true");
            String uid = strings(jdbi, "SELECT uid::text FROM deleted_instances WHERE name = 'gone'").get(0);
            assertThat(strings(jdbi, "SELECT instance_uid::text FROM events WHERE instance_name = 'gone'"))
                    .containsExactly(uid);
            assertThat(strings(jdbi, "SELECT instance_uid::text FROM backups WHERE id = 'b1'")).containsExactly(uid);
            assertThat(strings(jdbi, "SELECT instance_name FROM instance_secrets ORDER BY 1"))
                    .containsExactly("alive", "going");
        }
    }

    private static List<String> strings(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static List<String> tables(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .mapTo(String.class).list());
    }

    private static List<Integer> versionsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.matches("V\\d+__.*\\.sql"))
                    .map(f -> Integer.parseInt(f.substring(1, f.indexOf("__")))).sorted().toList();
        }
    }
}
