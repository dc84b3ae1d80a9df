package chat.mindroom.operator.reconcile;

import java.util.Locale;

/** How much of the host a pass read to plan. */
public enum Depth {
    /** Nothing read for the instance: its last full observation with the host's bulk reports laid over it. */
    SNAPSHOT,
    /** Only the apps the plan changes were read again (or none, for settings written whole). */
    TARGETED,
    /** Every app and service of the instance read one by one. */
    FULL;

    /** The metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
