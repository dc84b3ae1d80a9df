package chat.mindroom.operator.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The desired-state database: {@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD}.
 * Without a URL the operator runs an embedded PostgreSQL under the data directory.
 *
 * @param url      {@code jdbc:postgresql://host:5432/db} or {@code postgres://user:pass@host:5432/db}
 * @param poolSize connections in the pool ({@code DATABASE_POOL_SIZE})
 * @param connectionTimeout how long a request waits for a pooled connection before it is answered
 *                 503 ({@code DATABASE_CONNECTION_TIMEOUT}); while the database is down every
 *                 request waits this long, so it stays under a second
 */
@ConfigurationProperties("database")
public record DatabaseSettings(
        @Nullable String url,
        @Nullable String user,
        @Nullable String password,
        @Bindable(defaultValue = "16") @Min(1) @Max(200) int poolSize,
        @Bindable(defaultValue = "500ms") Duration connectionTimeout) {

    public DatabaseSettings {
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("database.connection-timeout must be at least 250ms (HikariCP's"
                    + " minimum), got " + connectionTimeout.toMillis() + "ms");
        }
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
