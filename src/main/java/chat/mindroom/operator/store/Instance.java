package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One stored instance record: desired state, server-owned metadata and the reconciler's status.
 * The spec is kept as the stored document, so a record edited by hand into something invalid is
 * still shown as it is (the reconciler reports it), never hidden.
 *
 * @param resourceVersion the ETag: changes whenever desired state changes
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
        InstanceStatus status) {

    public Instance {
        requireNonNull(name, "name is null");
        spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(deletionRequestedAt, "deletionRequestedAt is null");
        requireNonNull(reconcileRequestedAt, "reconcileRequestedAt is null");
        requireNonNull(generationChangedAt, "generationChangedAt is null");
        requireNonNull(status, "status is null");
    }

    public boolean tombstoned() {
        return deletionRequestedAt.isPresent();
    }

    /** The tier named in the stored spec, if it names one. */
    public Optional<String> tier() {
        return spec.get("tier") instanceof String t ? Optional.of(t) : Optional.empty();
    }
}
