package chat.mindroom.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule defaults = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1),
            Duration.ofHours(25));

    @Test
    void delaysDoubleUpToTheMaximumAndJitterOnlyShortensThem() {
        assertThat(defaults.delay(1, 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.delay(2, 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.delay(9, 0)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(defaults.delay(10, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.delay(1000, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.delay(3, 0.99)).isBetween(Duration.ofSeconds(36), Duration.ofSeconds(40));
    }

    @Test
    void aReceiverDownForAnHourIsStillRetriedAndDeliveriesAreKeptForAtLeast24Hours() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant at = created;
        int attempt = 0;
        Optional<Instant> next = Optional.of(created);
        while (next.isPresent()) {
            at = next.get();
            attempt++;
            next = defaults.next(attempt, at, created, 0.5);
        }
        assertThat(Duration.between(created, at)).isGreaterThanOrEqualTo(Duration.ofHours(24));
        assertThat(attempt).isBetween(25, 40);
        Optional<Instant> afterAnHour = defaults.next(8, created.plus(Duration.ofHours(1)), created, 0);
        assertThat(afterAnHour).isPresent();
    }
}
