package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One stored instance record: desired state, server-owned metadata and the reconciler's status.
 * The spec is kept as the stored document, so a record edited by hand into something invalid is
 * still shown as it is (the reconciler reports it), never hidden.
 *
 * @param resourceVersion the ETag: changes whenever desired state changes
 * @param uid             never changes, and is never used again: names are reused after a purge
 * @param purgeAt         when a soft-deleted instance will be purged
 * @param purgeStartedAt  when the reconciler began the purge (the database's clock)
 */
public record Instance(
        InstanceName name,
        Map<String, Object> spec,
        long generation,
        long resourceVersion,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> deletionRequestedAt,
        Optional<Instant> reconcileRequestedAt,
        Instant generationChangedAt,
        InstanceStatus status,
        UUID uid,
        Optional<Instant> purgeAt,
        Optional<Instant> purgeStartedAt) {

    public Instance {
        requireNonNull(name, "name is null");
        spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(deletionRequestedAt, "deletionRequestedAt is null");
        requireNonNull(reconcileRequestedAt, "reconcileRequestedAt is null");
        requireNonNull(generationChangedAt, "generationChangedAt is null");
        requireNonNull(status, "status is null");
        requireNonNull(uid, "uid is null");
        requireNonNull(purgeAt, "purgeAt is null");
        requireNonNull(purgeStartedAt, "purgeStartedAt is null");
    }

    /** A DELETE was accepted: the instance is Terminating (soft-deleted) or being purged. */
    public boolean tombstoned() {
        return deletionRequestedAt.isPresent();
    }

    /** The grace period is over and the reconciler claimed the purge: its apps and services go. */
    public boolean purging() {
        return purgeStartedAt.isPresent();
    }

    /**
     * Fully applied at its current generation, but under another operator revision (other templates,
     * release or base domain): what a pass changes now comes from the operator, not from its spec.
     */
    public boolean behind(String revision) {
        return status.readyGeneration() == generation && !status.appliedUnder(revision);
    }

    /** Soft-deleted: apps stopped, data kept until {@link #purgeAt()}; an undelete brings it back. */
    public boolean terminating() {
        return tombstoned() && !purging();
    }

    /** The tier named in the stored spec, if it names one. */
    public Optional<String> tier() {
        return spec.get("tier") instanceof String t ? Optional.of(t) : Optional.empty();
    }
}
