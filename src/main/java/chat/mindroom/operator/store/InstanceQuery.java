package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.Phase;
import java.util.Optional;

/**
 * A page request over instances, in name order.
 *
 * @param after the last name of the previous page
 */
public record InstanceQuery(Optional<String> tier, Optional<Phase> phase, Optional<String> subscriptionId,
                            Optional<InstanceName> after, int limit) {

    public static final int MAX_LIMIT = 1000;

    public InstanceQuery {
        requireNonNull(tier, "tier is null");
        requireNonNull(phase, "phase is null");
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(after, "after is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /** A query without a subscription filter. */
    public InstanceQuery(Optional<String> tier, Optional<Phase> phase, Optional<InstanceName> after, int limit) {
        this(tier, phase, Optional.empty(), after, limit);
    }
}
