package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.InstanceName;
import java.util.Optional;

/**
 * The end of a soft-deleted instance: the reconciler claims the purge once the grace period is over
 * (by the database's clock, so an undelete and a purge never both win) and, once the apps and
 * services are destroyed, moves the record to the deleted instances, freeing the name.
 */
public interface Purges {

    /**
     * Claims the purge of {@code name} if it is soft-deleted and its purge time has come: the
     * record with {@code purgeStartedAt} set, or empty (not due, undeleted meanwhile, or gone).
     */
    Optional<Instance> start(InstanceName name);

    /**
     * Moves a purged instance to the deleted instances (its last state, events and backups stay
     * readable by uid) and removes what belonged to it alone: the live record, its generated
     * secrets, ownership records, owed restarts, certificate schedule and intents. Idempotent; does
     * nothing unless the record of that uid is being purged.
     */
    void archive(Instance instance);
}
