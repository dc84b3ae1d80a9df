package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a complete backup of an instance (database, Redis, volumes) and waits for it: what a pass
 * asks for before it destroys anything, reading only {@code objects} (the apps and services
 * provably the instance's own). Empty when the backup is complete, else why it is not.
 */
@FunctionalInterface
public interface InstanceBackups {

    Optional<String> take(InstanceName name, String reason, Set<String> objects);
}
