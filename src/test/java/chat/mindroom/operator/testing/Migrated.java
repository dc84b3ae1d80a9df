package chat.mindroom.operator.testing;

import chat.mindroom.operator.store.JdbcTarget;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A fresh test database migrated by the production Flyway files, with a pool and a Jdbi. */
public final class Migrated implements AutoCloseable {

    private final JdbcTarget target;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Migrated(JdbcTarget target, HikariDataSource dataSource, Jdbi jdbi) {
        this.target = target;
        this.dataSource = dataSource;
        this.jdbi = jdbi;
    }

    public static Migrated fresh() {
        JdbcTarget target = TestDatabase.fresh();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        target.user().ifPresent(config::setUsername);
        target.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(12);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        return new Migrated(target, dataSource, jdbi);
    }

    public JdbcTarget target() {
        return target;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
