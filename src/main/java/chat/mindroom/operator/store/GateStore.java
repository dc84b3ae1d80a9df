package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.InstanceName;
import java.time.Duration;
import java.time.Instant;

/**
 * The gates every replica shares, in PostgreSQL: release-rollout slots and progress, and destructive
 * intent from spec edits. Failures are OperatorExceptions ({@code DATABASE_UNAVAILABLE}).
 */
public interface GateStore {

    /** The answer to asking for a rollout slot. */
    enum Slot {
        GRANTED,
        WAIT,
        HALTED
    }

    /** A rollout's counts. */
    record RolloutProgress(String release, int inFlight, int done, int failed, boolean halted) {
    }

    /**
     * Grants the instance a slot of {@code release}'s rollout if it holds one already or fewer than
     * {@code maxInFlight} slots younger than {@code stale} are held; atomic across replicas.
     */
    Slot acquireRollout(String release, InstanceName name, int maxInFlight, Duration stale);

    /**
     * Ends the instance's slot: counts it done, or failed (halting the rollout at
     * {@code failureThreshold} failures). Nothing if the instance held no slot.
     */
    void finishRollout(String release, InstanceName name, boolean succeeded, int failureThreshold);

    RolloutProgress rollout(String release, Duration stale);

    /** Clears a halt and its failure count. */
    void resumeRollout(String release);

    /**
     * Records that the instance's spec at {@code generation} removes something ({@code what}); returns
     * when that was first noticed (the first pass that planned it for this generation).
     */
    Instant noticeDestructiveIntent(InstanceName name, long generation, String what, Instant now);

    /** The instance's plan no longer removes anything. */
    void clearDestructiveIntent(InstanceName name);

    /**
     * Live instances with destructive intent (spec edits) noticed since the fleet brake was last
     * released, tombstoned ones not counted twice.
     */
    int destructiveIntentsSinceFleetRelease();
}
