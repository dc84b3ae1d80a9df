package chat.mindroom.operator.metrics;

import chat.mindroom.operator.dokku.CommandListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The fixed metric set of the operator (design.md section 10). No metric carries a per-instance
 * label: instance names are unbounded, hosts, phases, tiers and command names are not.
 */
@Singleton
public final class OperatorMetrics implements CommandListener {

    private final MeterRegistry registry;
    private final Map<List<String>, AtomicInteger> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hostsUp = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> orphans = new ConcurrentHashMap<>();
    private final AtomicInteger brake = new AtomicInteger();
    private final AtomicInteger rolloutHalted = new AtomicInteger();
    private final AtomicLong lastFullResync = new AtomicLong();
    private final Map<String, AtomicInteger> tlsFailing = new ConcurrentHashMap<>();
    private final AtomicLong oldestVerification = new AtomicLong();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Series that alerts take rates of exist from the start, at zero.
        for (String result : List.of("converged", "changed", "failed", "error")) {
            Counter.builder("mindroom.reconcile").description("Reconcile passes by result").tag("result", result)
                    .register(registry);
        }
        for (String kind : List.of("app_missing", "app_removed", "env", "limits", "domains", "mounts", "links",
                "service_missing", "image", "running", "tls")) {
            Counter.builder("mindroom.drift.repairs").description("Drift repaired, by kind").tag("kind", kind)
                    .register(registry);
        }
        for (String depth : List.of("full", "targeted", "snapshot")) {
            observedCounter(depth).register(registry);
        }
        Gauge.builder("mindroom.safety.brake.active", brake, AtomicInteger::get)
                .description("1 while destructive actions are paused on some host").register(registry);
        Gauge.builder("mindroom.rollout.halted", rolloutHalted, AtomicInteger::get)
                .description("1 when the fleet rollout of a new release is halted").register(registry);
        Gauge.builder("mindroom.last.full.resync.timestamp.seconds", lastFullResync, AtomicLong::get)
                .description("When the last full resync started (unix seconds)").register(registry);
        for (String reason : List.of("EmailMissing", "NoDomains", "RateLimited", "PluginMissing", "ValidationFailed")) {
            tlsFailing(reason);
        }
        Gauge.builder("mindroom.full.verification.oldest.age.seconds", oldestVerification, AtomicLong::get)
                .description("Age of the oldest full verification (every app read) among converged instances")
                .register(registry);
        Timer.builder("mindroom.reconcile.duration").description("Duration of one reconcile pass")
                .publishPercentileHistogram().register(registry);
    }

    /** @param result converged, changed, failed or conflict */
    public void reconciled(String result, Duration duration) {
        Counter.builder("mindroom.reconcile").description("Reconcile passes by result").tag("result", result)
                .register(registry).increment();
        for (String reason : List.of("EmailMissing", "NoDomains", "RateLimited", "PluginMissing", "ValidationFailed")) {
            tlsFailing(reason);
        }
        Gauge.builder("mindroom.full.verification.oldest.age.seconds", oldestVerification, AtomicLong::get)
                .description("Age of the oldest full verification (every app read) among converged instances")
                .register(registry);
        Timer.builder("mindroom.reconcile.duration").description("Duration of one reconcile pass")
                .publishPercentileHistogram().register(registry).record(duration);
    }

    @Override
    public void completed(String command, String outcome, Duration duration) {
        Counter.builder("mindroom.dokku.commands").description("Dokku commands by command and outcome")
                .tags("command", command, "outcome", outcome).register(registry).increment();
        Timer.builder("mindroom.dokku.command.duration").description("Duration of Dokku commands")
                .tag("command", command).publishPercentileHistogram().register(registry).record(duration);
    }

    private static Counter.Builder observedCounter(String depth) {
        return Counter.builder("mindroom.observations")
                .description("Passes by how the host was observed: app by app, or from the host snapshot")
                .tag("depth", depth);
    }

    /**
     * @param depth full (every app's reports read), targeted (only the apps the change touches) or
     *              snapshot (the host's bulk reports sufficed)
     */
    public void observed(String depth) {
        observedCounter(depth).register(registry).increment();
    }

    /** One host snapshot (the bulk reports): how long it took, and whether it could be used. */
    public void snapshot(String host, boolean usable, Duration duration) {
        Timer.builder("mindroom.host.snapshot.duration").description("Reading a host's bulk reports")
                .tags("host", host, "usable", String.valueOf(usable)).register(registry).record(duration);
    }

    public void driftRepaired(String kind) {
        Counter.builder("mindroom.drift.repairs").description("Drift repaired, by kind").tag("kind", kind)
                .register(registry).increment();
    }

    /** From a generation being written to that generation observed Ready. */
    public void converged(String tier, Duration duration) {
        Timer.builder("mindroom.convergence").description("Generation written to observed Ready")
                .tag("tier", tier).publishPercentileHistogram().register(registry).record(duration);
    }

    public void queueDepth(Supplier<Number> depth) {
        Gauge.builder("mindroom.queue.depth", depth).description("Instances queued or in a pass").register(registry);
    }

    public void hostUp(String host, boolean up) {
        hostsUp.computeIfAbsent(host, h -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mindroom.hosts.up", value, AtomicInteger::get).description("1 when the host answers")
                    .tag("host", h).register(registry);
            return value;
        }).set(up ? 1 : 0);
    }

    public void orphans(String host, int count) {
        orphans.computeIfAbsent(host, h -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mindroom.orphans", value, AtomicInteger::get)
                    .description("Apps that look managed but have no instance record").tag("host", h).register(registry);
            return value;
        }).set(count);
    }

    public void brake(boolean active) {
        brake.set(active ? 1 : 0);
    }

    public void rolloutHalted(boolean halted) {
        rolloutHalted.set(halted ? 1 : 0);
    }

    public void fullResync(Instant at) {
        lastFullResync.set(at.getEpochSecond());
    }

    /** Replaces the instance counts, keyed by (phase, tier); combinations no longer seen read 0. */
    public void instances(Map<List<String>, Integer> counts) {
        instances.values().forEach(v -> v.set(0));
        counts.forEach((key, n) -> instances.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mindroom.instances", value, AtomicInteger::get).description("Instances by phase and tier")
                    .tags(Tags.of("phase", k.get(0), "tier", k.get(1))).register(registry);
            return value;
        }).set(n));
    }

    /** One certificate request: {@code ok}, or the failure's reason. */
    public void tlsAttempt(String result) {
        Counter.builder("mindroom.tls.attempts").description("Certificate requests by result").tag("result", result)
                .register(registry).increment();
    }

    /** Instances whose certificates keep failing, by reason; reasons not given read 0. */
    public void tlsFailing(Map<String, Integer> byReason) {
        tlsFailing.values().forEach(v -> v.set(0));
        byReason.forEach((reason, n) -> tlsFailing(reason).set(n));
    }

    private AtomicInteger tlsFailing(String reason) {
        return tlsFailing.computeIfAbsent(reason, r -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mindroom.tls.failing.instances", value, AtomicInteger::get)
                    .description("Instances whose certificate requests failed 3 or more times in a row")
                    .tag("reason", r).register(registry);
            return value;
        });
    }

    /** The worst-case age of an instance's last full verification, fleet-wide. */
    public void oldestVerification(Duration age) {
        oldestVerification.set(age.toSeconds());
    }

    /** A sign of drift that made an instance's next pass read it in full; {@code source}: events. */
    public void driftSignal(String source) {
        Counter.builder("mindroom.drift.signals").description("Signs of drift that made a pass read an instance in full")
                .tag("source", source).register(registry).increment();
    }

    /** Dokku's events log rolled over between two reads of a host (lines lost). */
    public void eventsGap(String host) {
        Counter.builder("mindroom.dokku.events.gaps").description("Reads of a host's events log that missed lines")
                .tag("host", host).register(registry).increment();
    }
}
