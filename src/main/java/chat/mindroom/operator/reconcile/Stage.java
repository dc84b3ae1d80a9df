package chat.mindroom.operator.reconcile;

/**
 * Where an action runs in a pass. Stages run one after another in this order; within a stage the
 * actions of different targets run in parallel (see {@link PhasedRun}).
 */
public enum Stage {
    /** Export data before anything is destroyed. */
    BACKUP,
    /** Create apps and services. */
    CREATE,
    /** Settings of an app: env, limits, domains, storage. */
    CONFIGURE,
    /** Link and unlink services. */
    LINK,
    /** At most one deploy, restart, start or stop per app. */
    PROCESSES,
    /** Certificates: best effort, on their own schedule; a failure here never fails the pass. */
    TLS,
    /** Destroy apps (which also unlinks them). */
    DESTROY_APPS,
    /** Destroy services, once no app links them. */
    DESTROY_SERVICES
}
