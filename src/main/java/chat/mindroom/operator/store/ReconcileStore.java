package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.InstanceName;
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

    /** Instances tombstoned but not yet Deleted. */
    int tombstonedActive();

    /** Instance counts keyed by [phase, tier]. */
    Map<List<String>, Integer> countsByPhaseAndTier();

    /** Instances placed on each host (Deleted ones excluded). */
    Map<String, Integer> placements();

    /** Records the host an instance lives on; a placed instance never moves. Returns the host in force. */
    String place(InstanceName name, String host);

    /**
     * Claims the instance for {@code holder} until {@code ttl} from now, unless another live holder
     * has it ({@code FOR UPDATE SKIP LOCKED} plus expiry). True when the claim is ours.
     */
    boolean claim(InstanceName name, String holder, Duration ttl);

    void release(InstanceName name, String holder);

    /** The generated secrets of an instance by name, created on first use. */
    Map<String, String> secrets(InstanceName name, Set<String> names);

    /** The generated secrets that already exist; never creates any (for read-only previews). */
    Map<String, String> existingSecrets(InstanceName name, Set<String> names);

    void recordStatus(InstanceName name, StatusUpdate status);

    void recordEvent(InstanceName name, NewEvent event);

    /** Apps this operator announced it was creating for the instance (intent before apps:create). */
    Set<String> createdApps(InstanceName name);

    /** Whether a backup completed since the instance's tombstone was set. */
    boolean backupSince(InstanceName name, Instant since);
}
