package chat.mindroom.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.template.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static BackupRecord backup(String id, Instant at, String status) {
        return new BackupRecord(id, "acme", Optional.empty(), "free", "scheduled", status, "r1", Optional.of("dokku-1"), 1,
                Optional.empty(), "local", at, Optional.of(at.plusSeconds(5)), Optional.empty(), List.of());
    }

    @Test
    void keepsTheNewestCompleteOnesAndNeverCountsFailedOnes() {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        List<BackupRecord> all = new ArrayList<>();
        for (int day = 0; day < 6; day++) {
            all.add(backup("c" + day, start.plus(Duration.ofDays(day)), "complete"));
            all.add(backup("f" + day, start.plus(Duration.ofDays(day)).plusSeconds(60), "failed"));
        }
        List<String> expired = Retention.expired(all, new BackupPolicy(Duration.ofDays(1), 3, 0)).stream()
                .map(BackupRecord::id).toList();
        assertThat(expired).containsExactly("c2", "c1", "c0");
    }

    @Test
    void hourlyWithDailiesKeepsTheNewestOfEachDayBeyondTheHourlyOnes() {
        Instant start = Instant.parse("2026-03-01T00:30:00Z");
        List<BackupRecord> all = new ArrayList<>();
        for (int hour = 0; hour < 24 * 4; hour++) {
            all.add(backup(String.format("h%03d", hour), start.plus(Duration.ofHours(hour)), "complete"));
        }
        List<BackupRecord> expired = Retention.expired(all, new BackupPolicy(Duration.ofHours(1), 5, 3));
        List<String> kept = all.stream().filter(b -> !expired.contains(b)).map(BackupRecord::id).sorted().toList();
        // Newest five hours (91..95), and the newest of the three newest days: day 4's is among the five,
        // day 3 ends at hour 71, day 2 at hour 47.
        assertThat(kept).containsExactly("h047", "h071", "h091", "h092", "h093", "h094", "h095");
    }
}
