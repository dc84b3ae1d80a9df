package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the reconcile loop reads and writes: instances, their status and audit trail, per-instance
 * leases, placement and generated secrets. Thread-safe; failures are OperatorExceptions
 * ({@code DATABASE_UNAVAILABLE} is retryable).
 */
public interface ReconcileStore {

    Optional<Instance> find(InstanceName name);

    /** Every instance not yet Deleted, in name order. */
    List<InstanceName> active();

    /** Instance counts keyed by [phase, tier]. */
    Map<List<String>, Integer> countsByPhaseAndTier();

    /** Instances placed on each host (Deleted ones excluded). */
    Map<String, Integer> placements();

    /** Records the host an instance lives on; a placed instance never moves. Returns the host in force. */
    String place(InstanceName name, String host);

    /**
     * Claims the instance for {@code holder} until {@code ttl} from now, unless another live holder
     * has it ({@code FOR UPDATE SKIP LOCKED} plus expiry). True when the claim is ours; then the
     * commands another replica started on the instance more than {@code ttl} ago and never ended
     * become {@code Interrupted} events (that replica died or lost its lease mid-command).
     */
    boolean claim(InstanceName name, String holder, Duration ttl);

    void release(InstanceName name, String holder);

    /** Extends {@code holder}'s lease by {@code ttl} from now; false if it no longer holds it. */
    boolean renew(InstanceName name, String holder, Duration ttl);

    /**
     * Whether {@code holder} may write to the instance's Dokku objects now: it holds the lease, or
     * nobody holds a live one. Checked before every Dokku write, so a replica whose lease was taken
     * over stops writing (fencing).
     */
    boolean mayWrite(InstanceName name, String holder);

    /** Releases every lease {@code holder} has (an orderly shutdown); returns how many. */
    int releaseAll(String holder);

    /** The generated secrets of an instance by name, created on first use. */
    Map<String, String> secrets(InstanceName name, Set<String> names);

    /** Records that {@code command} (redacted) starts for the instance; returns the row to end. */
    long commandStarting(InstanceName name, String replica, String command, long generation);

    void commandEnded(long id);

    /**
     * Commands {@code replica} started and never ended (it died meanwhile): each becomes an
     * {@code Interrupted} event and its row is removed; the restarts it claimed are owed again at
     * once. Returns how many commands.
     */
    int recordInterrupted(String replica);

    /** The safety brakes in force, by scope ({@code fleet} or a host). */
    Map<String, BrakeRow> brakes();

    /** Engages a brake unless one is on for the scope already. */
    void engageBrake(String scope, String reason, Instant since);

    void releaseBrake(String scope);

    /**
     * Instances tombstoned but not yet Deleted whose tombstone was set after the fleet brake was last
     * released (all of them if it never was): the deletions the fleet brake still has to judge.
     */
    int tombstonedSinceFleetRelease();

    /**
     * Checks that the secret key in use is the one this database's secrets were sealed with (sealing
     * a check value on the first start); false when it is not.
     */
    boolean secretKeyMatches();

    /**
     * Records secret values found on the instance's existing apps, for names that have none yet
     * (adoption keeps what the apps carry); names already stored keep their stored value unless
     * {@code replace} (apps taken over by an explicit {@code adopt} carry the values in use).
     */
    void adoptSecrets(InstanceName name, Map<String, String> values, boolean replace);

    /** The generated secrets that already exist; never creates any (for read-only previews). */
    Map<String, String> existingSecrets(InstanceName name, Set<String> names);

    /**
     * Writes a pass's status and, in the same transaction, the status notifications it causes (phase
     * changes, Ready, Failed, Deleted, drift repaired) when notification endpoints are configured.
     */
    void recordStatus(InstanceName name, StatusUpdate status);

    /** Puts a notification (e.g. {@link NewNotification#backupCompleted}) into the outbox for delivery. */
    void enqueueNotification(InstanceName name, NewNotification notification);

    void recordEvent(InstanceName name, NewEvent event);

    /** Records, before the create command runs, that this operator creates {@code object} for the instance. */
    void recordCreating(InstanceName name, String kind, String object);

    /** The apps and services this operator created (or set out to create) for the instance. */
    Set<String> createdObjects(InstanceName name);

    /** Whether a backup completed since the instance's tombstone was set. */
    boolean backupSince(InstanceName name, Instant since);

    /** Records a restart the app is owed (written before the restart is asked for). */
    void oweRestart(InstanceName name, String host, String app, long generation);

    /** A restart, deploy or start of the app ran for {@code generation}: what was owed up to it is settled. */
    void settleRestart(String host, String app, long generation);

    /**
     * This replica runs the app's owed restart now; until {@code until} no pass of any replica asks
     * for it again (a claim that outlives a crashed replica lapses then).
     */
    void restartRunning(String host, String app, Instant until);

    /** The app's restart kept failing: the next pass of its instance plans it again. */
    void restartFailed(String host, String app);

    /** The restarts the instance is owed, by app. */
    Map<String, OwedRestart> owedRestarts(InstanceName name);

    /** The instance's failed certificate requests, by app. */
    Map<String, TlsAttempt> tlsAttempts(InstanceName name);

    /** Records a failed certificate request (replacing the app's previous one). */
    void tlsFailed(InstanceName name, TlsAttempt attempt);

    /** The app's certificate is active: its failures are forgotten. */
    void tlsSettled(InstanceName name, String app);

    /** Instances whose certificates failed at least {@code failures} times in a row, by reason. */
    Map<String, Integer> tlsFailing(int failures);

    /** A pass's progress: phase and conditions only, the rest of the status untouched. */
    void recordProgress(InstanceName name, Phase phase, List<Condition> conditions);
}
