package chat.mindroom.operator.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The reconcile loop: {@code OPERATOR_RECONCILE_ENABLED}, {@code OPERATOR_RECONCILE_RESYNC_INTERVAL}
 * (ISO-8601 or {@code 60s}), {@code OPERATOR_RECONCILE_WORKERS}, {@code OPERATOR_RECONCILE_LEASE_TTL},
 * {@code OPERATOR_RECONCILE_ROLLOUT_MAX_IN_FLIGHT} (instances moving to a new release at once) and
 * {@code OPERATOR_RECONCILE_ROLLOUT_FAILURE_THRESHOLD} (failed upgrades that halt the rollout) and
 * {@code OPERATOR_RECONCILE_FULL_OBSERVE_INTERVAL}: how often a converged instance is observed app by
 * app; in between, resyncs compare it against the host's bulk reports. {@code OPERATOR_RECONCILE_DELETION_SETTLE}:
 * how long a purge waits before anything is destroyed, so a mass deletion is counted whole.
 * {@code OPERATOR_RECONCILE_DELETION_GRACE}, when set, replaces every tier's {@code deletionGrace}
 * (how long a deleted instance stays Terminating before its purge), e.g. {@code 0s} for a test bed.
 * {@code OPERATOR_RECONCILE_APPROVAL_TTL}: how long an approval of a destructive plan holds.
 * {@code OPERATOR_RECONCILE_ROLLOUT_SLOT_TIMEOUT}: how long one instance may take to get through a
 * rollout (Ready and healthy again) before it counts as a failed upgrade.
 */
@ConfigurationProperties("operator.reconcile")
public record ReconcileSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "60s") Duration resyncInterval,
        @Bindable(defaultValue = "16") @Min(1) @Max(256) int workers,
        @Bindable(defaultValue = "5m") Duration leaseTtl,
        @Bindable(defaultValue = "5") @Min(1) int rolloutMaxInFlight,
        @Bindable(defaultValue = "3") @Min(1) int rolloutFailureThreshold,
        @Bindable(defaultValue = "30m") Duration fullObserveInterval,
        @Bindable(defaultValue = "30s") Duration deletionSettle,
        @Nullable Duration deletionGrace,
        @Bindable(defaultValue = "1h") Duration approvalTtl,
        @Bindable(defaultValue = "30m") Duration rolloutSlotTimeout) {
}
