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
     * {@code maxInFlight} are held; atomic across replicas. A slot is not renewed by asking again:
     * one held longer than {@code timeout} since it was granted is ended first and counted as failed
     * (its instance did not get through in time), halting the rollout at {@code failureThreshold}.
     */
    Slot acquireRollout(String release, InstanceName name, int maxInFlight, Duration timeout, int failureThreshold);

    /** Ends the instance's slot without counting it (the instance was deleted). Nothing if it held none. */
    void abandonRollout(String release, InstanceName name);

    /**
     * Ends the instance's slot: counts it done, or failed (halting the rollout at
     * {@code failureThreshold} failures). Nothing if the instance held no slot.
     */
    void finishRollout(String release, InstanceName name, boolean succeeded, int failureThreshold);

    /** The counts; {@code inFlight} leaves out slots held longer than {@code timeout}. */
    RolloutProgress rollout(String release, Duration timeout);

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
