package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fleet-wide safety state: safety brakes (per host, and fleet-wide for mass deletions) that pause
 * destructive actions, kept in {@link Brakes} (PostgreSQL) so every replica honours them and a
 * restart keeps them; and the release-rollout gate that lets at most N instances move to a new
 * release at once and halts after repeated failures (held per replica, in memory).
 */
public final class FleetGuard {

    /** Why a brake is on, and since when. */
    public record Brake(String reason, Instant since) {
    }

    private final int rolloutMaxInFlight;
    private final int rolloutFailureThreshold;
    private static final String FLEET = "fleet";

    private final Brakes brakes;
    private final Map<String, Integer> lastAppCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> destroyedByUs = new ConcurrentHashMap<>();
    private final Set<InstanceName> rollingOut = ConcurrentHashMap.newKeySet();
    private final Set<String> knownApps = ConcurrentHashMap.newKeySet();
    private final Object rolloutLock = new Object();
    private int rolloutFailures;
    private int rolloutDone;
    private volatile boolean rolloutHalted;

    public FleetGuard(int rolloutMaxInFlight, int rolloutFailureThreshold, Brakes brakes) {
        this.brakes = brakes;
        this.rolloutMaxInFlight = rolloutMaxInFlight;
        this.rolloutFailureThreshold = rolloutFailureThreshold;
    }

    /** Records app names the passes manage, so the orphan scan only looks at the others. */
    public void knownApps(Collection<String> apps) {
        knownApps.addAll(apps);
    }

    public boolean known(String app) {
        return knownApps.contains(app);
    }

    /** A brake on {@code host}, or the fleet-wide one. */
    public Optional<Brake> brakeFor(String host) {
        Map<String, Brake> now = brakes.current();
        return Optional.ofNullable(now.get(FLEET)).or(() -> Optional.ofNullable(now.get(host)));
    }

    public Map<String, Brake> hostBrakes() {
        Map<String, Brake> now = new TreeMap<>(brakes.current());
        now.remove(FLEET);
        return now;
    }

    public Optional<Brake> fleetBrake() {
        return Optional.ofNullable(brakes.current().get(FLEET));
    }

    public boolean anyBrake() {
        return !brakes.current().isEmpty();
    }

    /**
     * Records a host's app count; a drop of more than a fifth (and at least 3 apps) since the last
     * count sets the host's brake: something outside the operator removed apps.
     */
    public boolean observeAppCount(String host, int count, Instant now) {
        int ours = destroyedByUs.computeIfAbsent(host, h -> new AtomicInteger()).getAndSet(0);
        Integer last = lastAppCounts.put(host, count);
        Integer previous = last == null ? null : last - ours;
        if (previous != null && previous - count >= 3 && count < previous * 0.8) {
            brakes.engage(host, "the host's app list shrank from " + previous + " to " + count
                    + " apps between two resyncs", now);
            return true;
        }
        return false;
    }

    /** Apps this replica destroyed on purpose: they do not count as an implausible shrink. */
    public void destroyed(String host, int apps) {
        destroyedByUs.computeIfAbsent(host, h -> new AtomicInteger()).addAndGet(apps);
    }

    /** Sets or clears the fleet brake from the share of instances tombstoned at once. */
    public boolean observeTombstones(int tombstoned, int total, Instant now) {
        if (total >= 8 && tombstoned * 4 >= total) {
            brakes.engage(FLEET, tombstoned + " of " + total + " instances are tombstoned at once", now);
            return true;
        }
        return false;
    }

    /** An operator releases a brake after checking the host (POST /api/v1/hosts/{host}/release-brake). */
    public void release(String host) {
        brakes.release(host == null ? FLEET : host);
    }

    /** The outcome of asking to move one instance to the new release. */
    public enum RolloutSlot {
        GRANTED,
        WAIT,
        HALTED
    }

    public RolloutSlot acquireRollout(InstanceName instance) {
        synchronized (rolloutLock) {
            if (rolloutHalted) {
                return RolloutSlot.HALTED;
            }
            if (rollingOut.contains(instance) || rollingOut.size() < rolloutMaxInFlight) {
                rollingOut.add(instance);
                return RolloutSlot.GRANTED;
            }
            return RolloutSlot.WAIT;
        }
    }

    public void finishRollout(InstanceName instance, boolean succeeded) {
        synchronized (rolloutLock) {
            if (!rollingOut.remove(instance)) {
                return;
            }
            if (succeeded) {
                rolloutDone++;
            } else if (++rolloutFailures >= rolloutFailureThreshold) {
                rolloutHalted = true;
            }
        }
    }

    public boolean rolloutHalted() {
        return rolloutHalted;
    }

    /** Rollout progress for the API: in flight, done, failed, halted, limits. */
    public Map<String, Object> rolloutState() {
        synchronized (rolloutLock) {
            return Map.of("inFlight", (long) rollingOut.size(), "done", (long) rolloutDone, "failed",
                    (long) rolloutFailures, "halted", rolloutHalted, "maxInFlight", (long) rolloutMaxInFlight,
                    "failureThreshold", (long) rolloutFailureThreshold);
        }
    }

    /** Clears a halted rollout (after the failures were looked at). */
    public void resumeRollout() {
        synchronized (rolloutLock) {
            rolloutHalted = false;
            rolloutFailures = 0;
        }
    }
}
