package chat.mindroom.operator.api.watch;

import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.Instance;
import java.util.Optional;

/**
 * A watch's {@code tier} and {@code phase} filters. A change is seen through the filter as a
 * watcher of only the matching instances would see it: an instance that starts matching is ADDED,
 * one that stops matching is DELETED, one that matches before and after is MODIFIED.
 */
public record WatchFilter(Optional<String> tier, Optional<Phase> phase) {

    public static final WatchFilter ALL = new WatchFilter(Optional.empty(), Optional.empty());

    public boolean matches(Instance instance) {
        return matches(instance.tier(), Optional.of(instance.status().phase().name()));
    }

    private boolean matches(Optional<String> instanceTier, Optional<String> instancePhase) {
        return (tier.isEmpty() || tier.equals(instanceTier))
                && (phase.isEmpty() || phase.map(Phase::name).equals(instancePhase));
    }

    /** The event type this watch sees for {@code change}, or empty when it sees nothing of it. */
    public Optional<String> typeOf(Change change) {
        boolean before = !change.type().equals(Change.ADDED) && matches(change.oldTier(), change.oldPhase());
        boolean after = !change.type().equals(Change.DELETED) && matches(change.instance());
        if (before && after) {
            return Optional.of(Change.MODIFIED);
        }
        if (after) {
            return Optional.of(Change.ADDED);
        }
        return before ? Optional.of(Change.DELETED) : Optional.empty();
    }
}
