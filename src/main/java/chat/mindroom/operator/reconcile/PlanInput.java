package chat.mindroom.operator.reconcile;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.template.DesiredState;
import java.util.Map;
import java.util.Set;

/**
 * Everything a plan is a function of.
 *
 * @param desired         the rendered desired state; {@link DesiredState#nothing} for a tombstone
 * @param secrets         generated secret values by name, to compare and set {@code ${secret.*}} env
 * @param observed        what the host has for this instance's names
 * @param suspended       the spec asks for stopped processes
 * @param deleting        the instance is tombstoned: plan the teardown
 * @param backupOnDelete  export the database before destroying it
 * @param backupDone      a backup of this deletion already exists
 * @param adoptable       apps and services this operator created (an intent row was written before the
 *                        create): an app it had not marked yet (a crash in between) is adopted, and a
 *                        service is provably its own
 * @param restartsOwed    apps whose settings were written but whose restart has not run (and is not running)
 * @param tlsFailed       apps whose last certificate request failed (a new request is no drift repair)
 * @param tlsNotDue       those of them whose next request is not due yet
 * @param adopt           the spec takes over unmarked objects under the instance's names (see {@link Ownership})
 */
public record PlanInput(
        InstanceName instance,
        DesiredState desired,
        Map<String, String> secrets,
        ObservedState observed,
        boolean suspended,
        boolean deleting,
        boolean backupOnDelete,
        boolean backupDone,
        Set<String> adoptable,
        Set<String> restartsOwed,
        Set<String> tlsFailed,
        Set<String> tlsNotDue,
        boolean adopt) {

    public PlanInput {
        requireNonNull(instance, "instance is null");
        requireNonNull(desired, "desired is null");
        secrets = Map.copyOf(secrets);
        requireNonNull(observed, "observed is null");
        adoptable = Set.copyOf(adoptable);
        restartsOwed = Set.copyOf(restartsOwed);
        tlsFailed = Set.copyOf(tlsFailed);
        tlsNotDue = Set.copyOf(tlsNotDue);
    }

    /** An input whose spec adopts nothing. */
    public PlanInput(InstanceName instance, DesiredState desired, Map<String, String> secrets, ObservedState observed,
                     boolean suspended, boolean deleting, boolean backupOnDelete, boolean backupDone,
                     Set<String> adoptable, Set<String> restartsOwed, Set<String> tlsFailed, Set<String> tlsNotDue) {
        this(instance, desired, secrets, observed, suspended, deleting, backupOnDelete, backupDone, adoptable,
                restartsOwed, tlsFailed, tlsNotDue, false);
    }
}
