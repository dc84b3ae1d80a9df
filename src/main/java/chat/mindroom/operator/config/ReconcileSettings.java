package chat.mindroom.operator.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The reconcile loop: {@code OPERATOR_RECONCILE_ENABLED}, {@code OPERATOR_RECONCILE_RESYNC_INTERVAL}
 * (ISO-8601 or {@code 60s}), {@code OPERATOR_RECONCILE_WORKERS}, {@code OPERATOR_RECONCILE_LEASE_TTL}.
 */
@ConfigurationProperties("operator.reconcile")
public record ReconcileSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "60s") Duration resyncInterval,
        @Bindable(defaultValue = "8") @Min(1) @Max(256) int workers,
        @Bindable(defaultValue = "5m") Duration leaseTtl) {
}
