package chat.mindroom.operator.spec;

/** Where an instance is in its life, as last recorded by the reconciler. */
public enum Phase {
    Pending,
    Provisioning,
    Ready,
    Updating,
    Degraded,
    Suspended,
    Deleting,
    /** Data is being brought back from a backup; the reconciler leaves the instance alone meanwhile. */
    Restoring,
    Deleted,
    Failed
}
