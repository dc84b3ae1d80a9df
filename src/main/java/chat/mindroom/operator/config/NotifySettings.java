package chat.mindroom.operator.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Status notifications ({@code OPERATOR_NOTIFY_*}): one endpoint from {@code URL} and {@code SECRET},
 * more from the YAML file named by {@code FILE}; how many deliveries run at once, how often the
 * outbox is polled, the retry schedule (exponential from {@code BACKOFF_BASE} up to {@code BACKOFF_MAX},
 * given up after {@code RETRY_FOR}), HTTP timeouts and how long delivered notifications are kept.
 */
@ConfigurationProperties("operator.notify")
public record NotifySettings(
        @Nullable String url,
        @Nullable String secret,
        @Nullable String file,
        @Bindable(defaultValue = "4") @Min(1) @Max(64) int workers,
        @Bindable(defaultValue = "1s") Duration pollInterval,
        @Bindable(defaultValue = "10s") Duration backoffBase,
        @Bindable(defaultValue = "1h") Duration backoffMax,
        @Bindable(defaultValue = "25h") Duration retryFor,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "10s") Duration requestTimeout,
        @Bindable(defaultValue = "30d") Duration retention) {
}
