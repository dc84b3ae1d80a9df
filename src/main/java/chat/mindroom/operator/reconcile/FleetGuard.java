package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.GateStore;
import java.time.Duration;
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
 * restart keeps them; and the rollout gate that lets at most N instances move to a new operator
 * revision (a new release, or new templates) at once and halts after repeated failures, its slots in
 * {@link GateStore} (PostgreSQL) too,
 * so the limit holds for the fleet, not per replica.
 */
public final class FleetGuard {

    /** Why a brake is on, and since when. */
    public record Brake(String reason, Instant since) {
    }

    private final int rolloutMaxInFlight;
    private final int rolloutFailureThreshold;
    private static final String FLEET = "fleet";
    /** How long an instance may hold a rollout slot before it counts as a failed upgrade. */
    static final Duration ROLLOUT_SLOT_TIMEOUT = Duration.ofMinutes(30);

    private final Brakes brakes;
    private final Map<String, Integer> lastAppCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> destroyedByUs = new ConcurrentHashMap<>();
    private final Set<String> knownApps = ConcurrentHashMap.newKeySet();
    private final GateStore gates;
    private final String revision;
    private final Duration slotTimeout;

    /**
     * @param gates   where rollout slots and progress are kept (shared by every replica)
     * @param revision the operator's revision ({@code <release>+<digest>}, see {@code Renderer#revision}):
     *                 the rollout that brings running instances to it
     */
    public FleetGuard(int rolloutMaxInFlight, int rolloutFailureThreshold, Brakes brakes, GateStore gates,
                      String revision) {
        this(rolloutMaxInFlight, rolloutFailureThreshold, brakes, gates, revision, ROLLOUT_SLOT_TIMEOUT);
    }

    /** @param slotTimeout how long an instance may hold a rollout slot before it counts as failed */
    public FleetGuard(int rolloutMaxInFlight, int rolloutFailureThreshold, Brakes brakes, GateStore gates,
                      String revision, Duration slotTimeout) {
        this.slotTimeout = slotTimeout;
        this.brakes = brakes;
        this.gates = gates;
        this.revision = revision;
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

    /**
     * Sets the fleet brake when a quarter or more of the fleet is being deleted or losing apps or
     * services at once: {@code tombstoned} (deletions not yet done, set since the brake's last
     * release) plus the spec edits that remove something, noticed since then.
     */
    public boolean observeDestructiveIntent(int tombstoned, int total, Instant now) {
        int intents = tombstoned + gates.destructiveIntentsSinceFleetRelease();
        if (total >= 8 && intents * 4 >= total) {
            brakes.engage(FLEET, intents + " of " + total + " instances are being deleted or are losing apps or"
                    + " services at once", now);
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
        return switch (gates.acquireRollout(revision, instance, rolloutMaxInFlight, slotTimeout,
                rolloutFailureThreshold)) {
            case GRANTED -> RolloutSlot.GRANTED;
            case WAIT -> RolloutSlot.WAIT;
            case HALTED -> RolloutSlot.HALTED;
        };
    }

    public void finishRollout(InstanceName instance, boolean succeeded) {
        gates.finishRollout(revision, instance, succeeded, rolloutFailureThreshold);
    }

    /** Gives back the instance's slot without counting it (the instance is being deleted). */
    public void abandonRollout(InstanceName instance) {
        gates.abandonRollout(revision, instance);
    }

    public boolean rolloutHalted() {
        return gates.rollout(revision, slotTimeout).halted();
    }

    /** Rollout progress for the API: release, revision, in flight, done, failed, halted, limits. */
    public Map<String, Object> rolloutState() {
        GateStore.RolloutProgress progress = gates.rollout(revision, slotTimeout);
        Map<String, Object> state = new TreeMap<>();
        state.put("release", revision.contains("+") ? revision.substring(0, revision.lastIndexOf('+')) : revision);
        state.put("revision", revision);
        state.put("inFlight", (long) progress.inFlight());
        state.put("done", (long) progress.done());
        state.put("failed", (long) progress.failed());
        state.put("halted", progress.halted());
        state.put("maxInFlight", (long) rolloutMaxInFlight);
        state.put("failureThreshold", (long) rolloutFailureThreshold);
        return state;
    }

    /** The operator revision running instances are brought to. */
    public String revision() {
        return revision;
    }

    public int rolloutMaxInFlight() {
        return rolloutMaxInFlight;
    }

    /** Clears a halted rollout (after the failures were looked at). */
    public void resumeRollout() {
        gates.resumeRollout(revision);
    }
}
