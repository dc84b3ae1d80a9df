package chat.mindroom.operator.store;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;

/**
 * Readiness: can this process reach the desired-state database? One {@code SELECT 1} through the
 * pool, so it fails after the pool's connection timeout (under a second) while the database is down.
 * A result is reused for a second and concurrent probes share one check, so a storm of health
 * scrapes costs at most one connection a second. Liveness does not include it: a database outage is
 * no reason to restart the operator, which recovers by itself when the database returns.
 */
@Singleton
@Readiness
public final class DatabaseHealthIndicator implements HealthIndicator {

    static final Duration REUSE = Duration.ofSeconds(1);
    private static final String NAME = "database";

    private final DataSource dataSource;
    private final Clock clock;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "database-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<HealthResult> latest;
    private Instant latestStarted = Instant.MIN;

    public DatabaseHealthIndicator(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(current());
    }

    private synchronized CompletableFuture<HealthResult> current() {
        Instant now = clock.instant();
        if (latest == null || latest.isDone() && !now.isBefore(latestStarted.plus(REUSE))) {
            latestStarted = now;
            latest = CompletableFuture.supplyAsync(this::check, checks);
        }
        return latest;
    }

    private HealthResult check() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return HealthResult.builder(NAME, HealthStatus.UP)
                    .details(Map.of("latencyMs", (System.nanoTime() - started) / 1_000_000)).build();
        } catch (SQLException | RuntimeException e) {
            return HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("error", reason(e))).build();
        }
    }

    /** The innermost cause's first line: "Connection to 127.0.0.1:5432 refused ...", never credentials. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @PreDestroy
    void stop() {
        checks.shutdownNow();
    }
}
