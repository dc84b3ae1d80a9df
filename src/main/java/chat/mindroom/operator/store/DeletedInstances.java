package chat.mindroom.operator.store;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Purged instances and their audit trails, by uid: a name may belong to a new instance meanwhile. */
public interface DeletedInstances {

    /** Purged instances, newest purge first, optionally only those that had {@code name}. */
    Page<DeletedInstance> list(Optional<String> name, Optional<String> cursor, int limit);

    Optional<DeletedInstance> find(UUID uid);

    /** The audit trail of the instance with {@code uid}, newest first. */
    Page<Event> events(UUID uid, OptionalLong beforeId, int limit);
}
