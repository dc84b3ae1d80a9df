package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ProxyProbe;
import chat.mindroom.operator.dokku.ssh.KeyFingerprint;
import chat.mindroom.operator.metrics.OperatorMetrics;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a resync does per host before the passes: is it there (facts), its snapshot, the signs of
 * drift in its events log and from its proxy, the shrinking-app-list brake, and orphans
 * (managed-looking apps with no record).
 */
final class HostCheck {

    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);

    private final DokkuFleet fleet;
    private final Reconciler reconciler;
    private final ReconcileStore store;
    private final OperatorMetrics metrics;
    private final FleetGuard guard;
    private final HostHealth health;
    private final Clock clock;
    private final Set<String> reportedOrphans = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicBoolean> checking = new ConcurrentHashMap<>();
    private final DriftSignals signals = new DriftSignals();
    private final Map<String, Optional<String>> ownKeys = new ConcurrentHashMap<>();
    private final ProxyProbe probe = new ProxyProbe(Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "reconcile-probe");
        t.setDaemon(true);
        return t;
    }));

    HostCheck(DokkuFleet fleet, Reconciler reconciler, ReconcileStore store, OperatorMetrics metrics, FleetGuard guard,
              HostHealth health, Clock clock) {
        this.fleet = fleet;
        this.reconciler = reconciler;
        this.store = store;
        this.metrics = metrics;
        this.guard = guard;
        this.health = health;
        this.clock = clock;
    }

    /**
     * Host reachability, the shrinking-app-list brake, and orphans: managed-looking apps with no
     * record. A check still running when the next resync comes is not started twice: on a large
     * fleet over slow channels they would pile up and hold every channel.
     */
    void check(DokkuHost host) {
        AtomicBoolean running = checking.computeIfAbsent(host.name(), h -> new AtomicBoolean());
        if (!running.compareAndSet(false, true)) {
            LOG.info("host {}: the previous resync's check is still running; this resync skips it", host.name());
            return;
        }
        try {
            checkNow(host);
        } finally {
            running.set(false);
        }
    }

    private void checkNow(DokkuHost host) {
        DokkuClient client = fleet.client(host.name());
        try {
            client.refreshFacts();
            health.answered(host.name());
            try {
                reconciler.snapshot(host.name());
            } catch (RuntimeException e) {
                LOG.warn("host {}: no snapshot this resync, passes observe app by app: {}", host.name(), e.getMessage());
            }
            readDriftSignals(host, client);
            probe(host);
            List<String> apps = client.apps();
            if (guard.observeAppCount(host.name(), apps.size(), clock.instant())) {
                LOG.error("SAFETY BRAKE on host {}: {}; destructive actions are paused until an operator releases it",
                        host.name(), guard.brakeFor(host.name()).map(FleetGuard.Brake::reason).orElse(""));
                metrics.brake(true);
            }
            int orphans = 0;
            Set<String> records = new TreeSet<>();
            store.active().forEach(n -> records.add(n.value()));
            for (String app : apps) {
                // An app named for an instance that has a record is that instance's (or its pass
                // reports the Conflict): only the others need their env read to tell an orphan.
                if (!app.startsWith("mr-") || guard.known(app) || DriftSignals.instanceOf(app)
                        .filter(n -> records.contains(n.value())).isPresent()) {
                    continue;
                }
                if (reportedOrphans.contains(host.name() + "/" + app)) {
                    orphans++;
                    continue;
                }
                Map<String, String> env = client.appEnv(app);
                String owner = env.get(ObservedApp.INSTANCE_KEY);
                boolean managed = ObservedApp.MANAGED_BY_VALUE.equals(
                        env.get(ObservedApp.MANAGED_BY_KEY));
                if (!managed || owner == null || InstanceName.problem(owner).isPresent()) {
                    continue;
                }
                boolean hasRecord = store.find(new InstanceName(owner))
                        .filter(i -> i.status().phase() != Phase.Deleted).isPresent();
                if (hasRecord) {
                    guard.knownApps(List.of(app));
                    continue;
                }
                orphans++;
                if (reportedOrphans.add(host.name() + "/" + app)) {
                    LOG.warn("orphan on host {}: app {} is marked as instance {} but no such instance exists;"
                            + " it is left in place", host.name(), app, owner);
                    store.recordEvent(new InstanceName(owner), NewEvent.warning("Orphan",
                            "app " + app + " on host " + host.name() + " is marked for this instance, which has no"
                                    + " record; it is reported, never destroyed", 0));
                }
            }
            metrics.orphans(host.name(), orphans);
        } catch (RuntimeException e) {
            health.unreachable(host.name(), e.getMessage());
            LOG.warn("host {} does not answer: {}", host.name(), e.getMessage());
        }
    }

    /**
     * Asks the host's proxy for every app known to be running: one that does not answer (its
     * containers died, or were stopped) makes its instance's next pass read it in full.
     */
    private void probe(DokkuHost host) {
        if (host.proxy().isEmpty()) {
            return;
        }
        Map<String, InstanceName> targets = reconciler.probeTargets(host.name());
        if (targets.isEmpty()) {
            return;
        }
        Map<String, Optional<Integer>> statuses = probe.statuses(host.proxy().get(), targets.keySet());
        if (statuses.isEmpty()) {
            LOG.warn("host {}: its proxy {} does not answer; apps are not probed this resync", host.name(),
                    host.proxy().get());
            return;
        }
        Set<InstanceName> suspects = new TreeSet<>(Comparator.comparing(InstanceName::value));
        Instant at = clock.instant();
        statuses.forEach((domain, status) -> {
            InstanceName instance = targets.get(domain);
            reconciler.probed(instance, domain, ProxyProbe.down(status)
                    ? Optional.of(new ProbeResults.Failure(status.map(String::valueOf).orElse("nothing"), host.name(), at))
                    : Optional.empty());
            if (ProxyProbe.down(status) && suspects.add(instance)) {
                reconciler.suspect(instance);
                metrics.driftSignal("probe");
                store.recordEvent(instance, NewEvent.normal("NotAnswering", domain + " answered "
                        + status.map(String::valueOf).orElse("nothing") + " through host " + host.name()
                        + "'s proxy; the next pass reads the instance in full", 0));
            }
        });
    }

    private void readDriftSignals(DokkuHost host, DokkuClient client) {
        try {
            Optional<String> ownKey = ownKeys.computeIfAbsent(host.name(), h -> host.privateKey()
                    .flatMap(KeyFingerprint::of));
            for (DriftSignals.Suspect suspect : signals.read(client, ownKey)) {
                reconciler.suspect(suspect.instance());
                metrics.driftSignal("events");
                store.recordEvent(suspect.instance(), NewEvent.normal("ChangeSeen", suspect.trigger() + " on "
                        + suspect.app() + " by key " + suspect.key() + " (not the operator's); the next pass reads "
                        + "the instance in full", 0));
            }
            if (signals.gap(host.name())) {
                metrics.eventsGap(host.name());
                LOG.info("host {}: Dokku's events log rolled over between two reads; the rotating full verification"
                        + " covers what was in between", host.name());
            }
        } catch (OperatorException e) {
            LOG.warn("host {}: events log not readable, drift is found by the rotating full verification: {}",
                    host.name(), e.getMessage());
        }
    }

}
