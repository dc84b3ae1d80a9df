package chat.mindroom.operator.backup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup metrics, fleet-wide and by tier only (never per instance): backups taken and failed,
 * restores, the age of the oldest "latest complete backup" among the fleet's instances, and how many
 * instances have had no complete backup for more than twice their tier's interval.
 */
public final class BackupMetrics {

    private final MeterRegistry registry;
    private final AtomicLong oldestLatestAge = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();

    public BackupMetrics(MeterRegistry registry, Collection<String> tiers) {
        this.registry = registry;
        for (String tier : tiers) {
            for (String outcome : List.of("complete", "failed")) {
                backups(tier, outcome);
            }
        }
        for (String outcome : List.of("complete", "failed")) {
            restores(outcome);
        }
        Gauge.builder("mindroom.backup.oldest.latest.age.seconds", oldestLatestAge, AtomicLong::get)
                .description("Age of the oldest latest-complete-backup among instances that should have one")
                .register(registry);
        Gauge.builder("mindroom.backup.overdue.instances", overdue, AtomicLong::get)
                .description("Instances without a complete backup for more than twice their tier's interval")
                .register(registry);
    }

    void taken(String tier, boolean complete) {
        backups(tier, complete ? "complete" : "failed").increment();
    }

    void restored(boolean complete) {
        restores(complete ? "complete" : "failed").increment();
    }

    void fleet(long oldestLatestAgeSeconds, long overdueInstances) {
        oldestLatestAge.set(oldestLatestAgeSeconds);
        overdue.set(overdueInstances);
    }

    private Counter backups(String tier, String outcome) {
        return Counter.builder("mindroom.backups").description("Backups taken, by tier and outcome")
                .tag("tier", tier).tag("outcome", outcome).register(registry);
    }

    private Counter restores(String outcome) {
        return Counter.builder("mindroom.restores").description("Restores, by outcome").tag("outcome", outcome)
                .register(registry);
    }
}
