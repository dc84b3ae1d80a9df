package chat.mindroom.operator.store;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The desired-state store: instance records and their audit trail.
 *
 * <p>Every write is one transaction: it either happens completely, with its event, or not at all.
 * Implementations are thread-safe. Failures are {@link OperatorException}s: {@code NOT_FOUND},
 * {@code PRECONDITION_FAILED} (stale If-Match), {@code CONFLICT} (tombstoned instance, domain taken
 * by another instance) and the retryable {@code DATABASE_UNAVAILABLE}.
 */
public interface InstanceStore {

    /**
     * Creates or replaces the spec of {@code name}. Writing a spec equal to the stored one changes
     * nothing (same generation, same resource version, no event). Generation increases by one on
     * every real change; the resource version changes with it.
     */
    WriteResult apply(InstanceName name, InstanceSpec spec, Precondition precondition, String actor);

    Optional<Instance> find(InstanceName name);

    Page<Instance> list(InstanceQuery query);

    /**
     * Soft-deletes: sets the tombstone and the purge time, {@code grace} (a function of the stored
     * record, e.g. its tier) from now. Idempotent: a second request keeps the first timestamp and
     * records no second event, unless its grace brings the purge forward.
     */
    Instance requestDeletion(InstanceName name, Precondition precondition, String actor,
                             Function<Instance, Duration> grace);

    /**
     * Clears the soft delete before the purge began (UPDATED), or leaves a live instance as it is
     * (UNCHANGED). {@code CONFLICT} once the purge began, {@code NOT_FOUND} without the instance.
     */
    WriteResult undelete(InstanceName name, String actor);

    /** Records a repair request: the reconcile loop visits the instance at once. */
    Instance requestReconcile(InstanceName name, String actor);

    /** The audit trail of {@code name}, newest first; {@code beforeId} pages backwards. */
    Page<Event> events(InstanceName name, OptionalLong beforeId, int limit);

    /**
     * The audit trail across all instances (those deleted included), newest first, filtered by
     * {@code query}; the next cursor is the id of the page's last event.
     */
    Page<Event> events(EventQuery query);

    /** For each of {@code domains} already claimed by an instance other than {@code except}: its owner. */
    Map<String, String> domainOwners(Collection<String> domains, InstanceName except);
}
