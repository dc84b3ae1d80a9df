package chat.mindroom.operator.store;

import chat.mindroom.operator.config.DatabaseSettings;
import chat.mindroom.operator.config.OperatorSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the database beans: the embedded server when no {@code DATABASE_URL} is set, the pool, and
 * a {@link Jdbi} that exists only after Flyway has migrated the schema from {@code migrations/}.
 * Our own factory rather than micronaut-jdbc-hikari: the embedded server must be running before
 * the pool is configured, and its URL is only known then.
 */
@Factory
final class DatabaseFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    DatabaseServer databaseServer(DatabaseSettings settings, OperatorSettings operator) {
        if (settings.embedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(operator.dataPath().resolve("postgres"));
            return new DatabaseServer(embedded.target("postgres"), Optional.of(embedded));
        }
        JdbcTarget target = JdbcTarget.parse(settings.url(), settings.user(), settings.password());
        LOG.info("Using PostgreSQL at {}", target.redactedUrl());
        return new DatabaseServer(target, Optional.empty());
    }

    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(DatabaseServer server, DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("operator");
        config.setJdbcUrl(server.target().jdbcUrl());
        server.target().user().ifPresent(config::setUsername);
        server.target().password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        // A fixed-size pool: a burst never waits for new connections to be opened (scram-sha-256 login
        // and a backend fork each), which under load could outlast the short connection timeout.
        config.setMinimumIdle(settings.poolSize());
        // Fail fast while the database is down: a request gets its 503 after connectionTimeout, not 10 s.
        // Idle connections are checked before use (isValid) within validationTimeout, and opening a new
        // one gives up after connectTimeout, so a vanished server cannot hold the pool's opener either.
        long timeout = settings.connectionTimeout().toMillis();
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(250, Math.min(500, timeout - 1)));
        config.addDataSourceProperty("connectTimeout", "2");
        config.setInitializationFailTimeout(30_000);
        return new HikariDataSource(config);
    }

    @Context
    Jdbi jdbi(DataSource dataSource) {
        migrate(dataSource);
        return create(dataSource);
    }

    /** Applies every pending migration from {@code classpath:db/migration} (the repository's migrations/). */
    static void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        LOG.info("Database schema at version {} ({} migrations applied now)",
                flyway.info().current().getVersion(), applied);
    }

    static Jdbi create(DataSource dataSource) {
        return Jdbi.create(dataSource)
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin());
    }
}
