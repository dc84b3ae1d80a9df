package chat.mindroom.operator.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Status notification metrics, labelled by endpoint (a handful, configured), never by instance:
 * deliveries sent, failed attempts by outcome ({@code retry}, {@code gave_up} after the retry window,
 * {@code stopped} by a 410), deliveries pending, the age of the oldest pending one, stopped endpoints.
 */
@Singleton
public final class NotificationMetrics {

    static final List<String> FAILURES = List.of("retry", "gave_up", "stopped");

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAge = new AtomicLong();
    private final AtomicLong stopped = new AtomicLong();

    public NotificationMetrics(MeterRegistry registry, EndpointList endpoints) {
        this.registry = registry;
        Gauge.builder("mindroom.notifications.pending", pending, AtomicLong::get)
                .description("Notification deliveries not yet sent").register(registry);
        Gauge.builder("mindroom.notifications.oldest.pending.age.seconds", oldestAge, AtomicLong::get)
                .description("Age of the oldest notification delivery not yet sent").register(registry);
        Gauge.builder("mindroom.notification.endpoints.stopped", stopped, AtomicLong::get)
                .description("Endpoints that answered 410 Gone and get no more notifications").register(registry);
        for (Endpoint endpoint : endpoints.endpoints()) {
            sentCounter(endpoint.name()).register(registry);
            FAILURES.forEach(outcome -> failedCounter(endpoint.name(), outcome).register(registry));
        }
    }

    private static Counter.Builder sentCounter(String endpoint) {
        return Counter.builder("mindroom.notifications.sent").description("Notifications delivered (2xx)")
                .tag("endpoint", endpoint);
    }

    private static Counter.Builder failedCounter(String endpoint, String outcome) {
        return Counter.builder("mindroom.notifications.failed")
                .description("Failed delivery attempts: retry (tried again later), gave_up, stopped (410)")
                .tags("endpoint", endpoint, "outcome", outcome);
    }

    void sent(String endpoint) {
        sentCounter(endpoint).register(registry).increment();
    }

    void failed(String endpoint, String outcome) {
        failedCounter(endpoint, outcome).register(registry).increment();
    }

    void backlog(long pendingDeliveries, long oldestAgeSeconds, int stoppedEndpoints) {
        pending.set(pendingDeliveries);
        oldestAge.set(oldestAgeSeconds);
        stopped.set(stoppedEndpoints);
    }
}
