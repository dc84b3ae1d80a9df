package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.HostSnapshot;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the loop already knows about the hosts, so a resync of a converged fleet reads a few bulk
 * reports per host instead of every app's reports: the latest {@link HostSnapshot} of each host,
 * and each converged instance's last full observation.
 *
 * <p>A pass may use the cheap observation (the full one with the snapshot's structure laid over
 * it) only when the instance converged on its current generation at its last full observation, no
 * longer than {@code fullInterval} ago; that bounds how long drift that no bulk report shows (an
 * app's environment, its process state, certificates, links) can go unseen. A cheap observation
 * only ever confirms that nothing needs doing: a pass that sees a difference observes again in
 * full before it writes.
 */
final class ObservationCache {

    /**
     * What is known of one instance: {@code observed} holds as of {@code asOf} (the observation, or
     * the writes laid over it); {@code at} is when it was last observed in full.
     */
    private record Full(String host, long generation, ObservedState observed, Instant at, Instant asOf) {
    }

    private final Duration snapshotTtl;
    private final Duration fullInterval;
    private final Map<String, HostSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<InstanceName, Full> full = new ConcurrentHashMap<>();

    ObservationCache(Duration snapshotTtl, Duration fullInterval) {
        this.snapshotTtl = snapshotTtl;
        this.fullInterval = fullInterval;
    }

    void snapshot(String host, Optional<HostSnapshot> snapshot) {
        snapshot.ifPresentOrElse(s -> snapshots.put(host, s), () -> snapshots.remove(host));
    }

    /** The host's latest snapshot while it is fresh (no older than the snapshot TTL), for read-only surfaces. */
    Optional<HostSnapshot> freshSnapshot(String host, Instant now) {
        HostSnapshot snapshot = snapshots.get(host);
        return snapshot == null || snapshot.takenAt().plus(snapshotTtl).isBefore(now) ? Optional.empty()
                : Optional.of(snapshot);
    }

    /** Records a full observation of an instance that needed nothing. */
    void converged(InstanceName name, String host, long generation, ObservedState observed, Instant at) {
        full.put(name, new Full(host, generation, observed, at, at));
    }

    /**
     * After a pass wrote: what was observed before, with the effect of each write laid over it, at
     * the instance's current generation, so the next resync can judge it from the snapshot instead of
     * reading every app again. Kept only when every write is an app setting (see
     * {@link ExpectedEffects}); the time of the last full observation is kept, so the full-observe
     * interval still bounds how long anything a write did not touch can go unread. Only snapshots
     * taken after {@code writtenAt} (when the writes completed) are laid over it.
     */
    void written(InstanceName name, String host, long generation, ObservedState before, List<Action> actions,
                 boolean observedInFull, Instant at, Instant writtenAt) {
        Full last = full.get(name);
        Instant fullAt = observedInFull ? at : last == null || !last.host().equals(host) ? null : last.at();
        Optional<ObservedState> after = ExpectedEffects.apply(before, actions);
        if (fullAt == null || after.isEmpty()) {
            full.remove(name);
            return;
        }
        full.put(name, new Full(host, generation, after.get(), fullAt, writtenAt));
    }

    void forget(InstanceName name) {
        full.remove(name);
    }

    /** The cheap observation of an instance that converged on this generation, if one is recent enough. */
    Optional<ObservedState> cheap(InstanceName name, String host, long generation, Instant now) {
        Full last = full.get(name);
        return last == null || last.generation() != generation ? Optional.empty() : known(name, host, now);
    }

    /**
     * The latest that is known about an instance's apps and services without reading: its last full
     * observation with any newer snapshot laid over it, whatever generation it was taken at.
     */
    Optional<ObservedState> known(InstanceName name, String host, Instant now) {
        Full last = full.get(name);
        if (last == null || !last.host().equals(host) || due(name, last.at()).isBefore(now)) {
            return Optional.empty();
        }
        HostSnapshot snapshot = snapshots.get(host);
        if (snapshot != null && snapshot.takenAt().isAfter(last.asOf())
                && !snapshot.takenAt().plus(snapshotTtl).isBefore(now)) {
            return snapshot.overlay(last.observed());
        }
        // No snapshot since: what was observed or written is the latest word, while it is fresh.
        return last.asOf().plus(snapshotTtl).isBefore(now) ? Optional.empty() : Optional.of(last.observed());
    }

    /**
     * When the instance must be read in full again: between half and all of {@code fullInterval}
     * after its last full read, spread by its name, so a fleet that converged at once does not come
     * due at once. Every instance is verified in full at least once per {@code fullInterval}.
     */
    private Instant due(InstanceName name, Instant lastFull) {
        double spread = 0.5 + 0.5 * ((name.value().hashCode() & 0xffff) / 65536.0);
        return lastFull.plusMillis((long) (fullInterval.toMillis() * spread));
    }

    /**
     * The apps on {@code host} last seen deployed and running, by the first domain a visitor reaches
     * them at: what the proxy probe asks for.
     */
    Map<String, InstanceName> probeTargets(String host) {
        Map<String, InstanceName> targets = new TreeMap<>();
        full.forEach((name, f) -> {
            if (f.host().equals(host)) {
                for (ObservedApp app : f.observed().apps().values()) {
                    if (app.exists() && app.deployed() && app.running() && !app.domains().isEmpty()) {
                        targets.put(app.domains().first(), name);
                    }
                }
            }
        });
        return targets;
    }

    /** The age of the oldest full observation remembered; zero when none is. */
    Duration oldestFull(Instant now) {
        return full.values().stream().map(f -> Duration.between(f.at(), now)).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** When the instance was last observed in full, if that is remembered. */
    Optional<Instant> lastFull(InstanceName name) {
        return Optional.ofNullable(full.get(name)).map(Full::at);
    }

    /** Whether anything is known of the instance (it was observed in full since its last failure or create). */
    boolean remembers(InstanceName name) {
        return full.containsKey(name);
    }

    int remembered() {
        return full.size();
    }
}
