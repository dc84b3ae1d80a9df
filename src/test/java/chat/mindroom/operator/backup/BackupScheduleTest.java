package chat.mindroom.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.template.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {

    private static final BackupPolicy HOURLY = new BackupPolicy(Duration.ofHours(1), 48, 0);
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aThousandInstancesSpreadOverTheHourInsteadOfAllStartingOnIt() {
        int[] perMinute = new int[60];
        for (int i = 0; i < 1000; i++) {
            Duration offset = BackupSchedule.offset("customer-" + i, Duration.ofHours(1));
            assertThat(offset).isBetween(Duration.ZERO, Duration.ofMinutes(60).minusMillis(1));
            perMinute[(int) offset.toMinutes()]++;
        }
        // An even spread puts ~16.7 in each minute; the busiest minute must stay far from the whole fleet.
        int busiest = 0;
        int empty = 0;
        for (int n : perMinute) {
            busiest = Math.max(busiest, n);
            empty += n == 0 ? 1 : 0;
        }
        assertThat(busiest).isLessThan(40);
        assertThat(empty).isZero();
    }

    @Test
    void theOffsetIsTheSameOnEveryReplicaAndRestart() {
        assertThat(BackupSchedule.offset("acme", Duration.ofDays(1)))
                .isEqualTo(BackupSchedule.offset("acme", Duration.ofDays(1)))
                .isNotEqualTo(BackupSchedule.offset("acme-2", Duration.ofDays(1)));
    }

    @Test
    void dueOncePerSlotAfterTheSlotStarts() {
        Instant now = Instant.parse("2026-03-01T10:30:00Z");
        Instant slot = BackupSchedule.slotStart("acme", Duration.ofHours(1), now);
        assertThat(slot).isBetween(now.minus(Duration.ofHours(1)).plusMillis(1), now);
        assertThat(BackupSchedule.due("acme", HOURLY, CREATED, Optional.empty(), false, now)).isTrue();
        assertThat(BackupSchedule.due("acme", HOURLY, CREATED, Optional.of(slot.minusSeconds(1)), false, now)).isTrue();
        assertThat(BackupSchedule.due("acme", HOURLY, CREATED, Optional.of(slot), false, now)).isFalse();
        // The next slot makes it due again.
        assertThat(BackupSchedule.due("acme", HOURLY, CREATED, Optional.of(slot), false, slot.plus(Duration.ofHours(1))))
                .isTrue();
    }

    @Test
    void aNewInstanceWaitsForItsFirstSlot() {
        Instant now = Instant.parse("2026-03-01T10:30:00Z");
        Instant slot = BackupSchedule.slotStart("fresh", Duration.ofHours(1), now);
        assertThat(BackupSchedule.due("fresh", HOURLY, slot.plusMillis(1), Optional.empty(), false, now)).isFalse();
    }

    @Test
    void aFailedBackupIsTriedAgainAfterTheRetryDelayNotAtOnce() {
        Instant now = Instant.parse("2026-03-01T10:30:00Z");
        Instant slot = BackupSchedule.slotStart("acme", Duration.ofHours(1), now);
        Instant failedAt = slot.plusSeconds(1);
        assertThat(BackupSchedule.due("acme", HOURLY, CREATED, Optional.of(failedAt), true,
                failedAt.plus(BackupSchedule.RETRY).minusSeconds(1))).isFalse();
        assertThat(BackupSchedule.due("acme", HOURLY, CREATED, Optional.of(failedAt), true,
                failedAt.plus(BackupSchedule.RETRY))).isTrue();
    }

    @Test
    void overdueAfterTwiceTheInterval() {
        Instant last = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(BackupSchedule.overdue(HOURLY, CREATED, Optional.of(last), last.plus(Duration.ofHours(2))))
                .isFalse();
        assertThat(BackupSchedule.overdue(HOURLY, CREATED, Optional.of(last),
                last.plus(Duration.ofHours(2)).plusSeconds(1))).isTrue();
        assertThat(BackupSchedule.overdue(HOURLY, last, Optional.empty(), last.plus(Duration.ofHours(3)))).isTrue();
    }
}
