package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.spec.InstanceName;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetGuardTest {

    private final MemoryGates gates = new MemoryGates();

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aShrinkingAppListSetsTheHostBrakeOnlyWhenImplausible() {
        FleetGuard guard = new FleetGuard(5, 3, new MemoryBrakes(), gates, "v1");
        assertThat(guard.observeAppCount("h1", 30, NOW)).isFalse();
        assertThat(guard.observeAppCount("h1", 28, NOW)).as("two apps fewer is normal churn").isFalse();
        assertThat(guard.brakeFor("h1")).isEmpty();
        assertThat(guard.observeAppCount("h1", 12, NOW)).isTrue();
        assertThat(guard.brakeFor("h1")).hasValueSatisfying(b -> assertThat(b.reason()).contains("28 to 12"));
        assertThat(guard.brakeFor("h2")).isEmpty();
        guard.release("h1");
        assertThat(guard.brakeFor("h1")).isEmpty();
        // Apps the operator destroyed itself are no reason to brake.
        guard.destroyed("h1", 6);
        assertThat(guard.observeAppCount("h1", 6, NOW)).isFalse();
        assertThat(guard.brakeFor("h1")).isEmpty();
    }

    @Test
    void massTombstoningSetsTheFleetBrake() {
        FleetGuard guard = new FleetGuard(5, 3, new MemoryBrakes(), gates, "v1");
        guard.observeDestructiveIntent(2, 20, NOW);
        assertThat(guard.fleetBrake()).isEmpty();
        guard.observeDestructiveIntent(3, 4, NOW);
        assertThat(guard.fleetBrake()).as("small fleets never brake").isEmpty();
        guard.observeDestructiveIntent(6, 20, NOW);
        assertThat(guard.brakeFor("any-host")).hasValueSatisfying(b -> assertThat(b.reason()).contains("6 of 20"));
        guard.release("fleet");
        assertThat(guard.fleetBrake()).isEmpty();
    }

    @Test
    void specEditsThatRemoveAppsCountTowardsTheFleetBrakeWithTombstones() {
        FleetGuard guard = new FleetGuard(5, 3, new MemoryBrakes(), gates, "v1");
        gates.noticeDestructiveIntent(new InstanceName("one"), 2, "removes mr-one-matrix", NOW);
        gates.noticeDestructiveIntent(new InstanceName("two"), 2, "removes mr-two-matrix", NOW);
        guard.observeDestructiveIntent(2, 20, NOW);
        assertThat(guard.fleetBrake()).as("4 of 20 is below a quarter").isEmpty();
        gates.noticeDestructiveIntent(new InstanceName("three"), 2, "removes mr-three-matrix", NOW);
        guard.observeDestructiveIntent(2, 20, NOW);
        assertThat(guard.fleetBrake()).hasValueSatisfying(b -> assertThat(b.reason())
                .isEqualTo("5 of 20 instances are being deleted or are losing apps or services at once"));
    }

    @Test
    void backoffDoublesFromOneSecondToFiveMinutes() {
        assertThat(Backoff.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(5, 0.5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(Backoff.delay(30, 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Backoff.delay(1, 0.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(Backoff.delay(1, 0.999)).isLessThanOrEqualTo(Duration.ofMillis(1200));
    }
}
