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
