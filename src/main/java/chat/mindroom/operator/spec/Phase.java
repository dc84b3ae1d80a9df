package chat.mindroom.operator.spec;

/** Where an instance is in its life, as last recorded by the reconciler. */
public enum Phase {
    Pending,
    Provisioning,
    Ready,
    Updating,
    Degraded,
    Suspended,
    /** Soft-deleted: apps stopped, data kept until the purge; an undelete brings it back. */
    Terminating,
    /** The purge: a final backup, then the apps and services are destroyed. */
    Deleting,
    /** Data is being brought back from a backup; the reconciler leaves the instance alone meanwhile. */
    Restoring,
    /** Purged (a moment before the record moves to the deleted instances). */
    Deleted,
    Failed
}
