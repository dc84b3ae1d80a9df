package chat.mindroom.operator.api.watch;

import chat.mindroom.operator.store.Instance;
import java.util.Optional;

/**
 * One entry of the change log: its watch position, what happened (ADDED, MODIFIED, DELETED), the
 * instance after the change (before it, for DELETED), and the tier and phase it had before (for
 * filtered watches; empty for ADDED).
 */
public record Change(long version, String type, Instance instance, Optional<String> oldTier,
                     Optional<String> oldPhase) {

    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";
}
