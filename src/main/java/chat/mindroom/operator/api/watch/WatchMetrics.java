package chat.mindroom.operator.api.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/** Watch metrics: watchers connected, events written to them, watchers dropped for falling behind. */
final class WatchMetrics {

    private final Counter sent;
    private final Counter dropped;

    WatchMetrics(MeterRegistry registry, Collection<?> watchers) {
        Gauge.builder("mindroom.watchers", watchers, Collection::size)
                .description("Instance watches connected to this replica").register(registry);
        this.sent = Counter.builder("mindroom.watch.events.sent")
                .description("Watch events (changes and bookmarks) written to watchers").register(registry);
        this.dropped = Counter.builder("mindroom.watchers.dropped")
                .description("Watchers disconnected because they fell too far behind").register(registry);
    }

    void sent() {
        sent.increment();
    }

    void dropped() {
        dropped.increment();
    }
}
