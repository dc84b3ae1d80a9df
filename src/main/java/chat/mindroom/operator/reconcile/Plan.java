package chat.mindroom.operator.reconcile;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ordered actions that bring one instance from observed to desired, the apps left alone because
 * they are not ours (Conflict), and the kinds of drift found (for metrics and status).
 */
public record Plan(List<Action> actions, List<String> conflicts, SortedSet<String> drift) {

    public Plan {
        actions = List.copyOf(actions);
        conflicts = List.copyOf(conflicts);
        drift = Collections.unmodifiableSortedSet(new TreeSet<>(drift));
    }

    public boolean converged() {
        return actions.isEmpty();
    }

    public List<String> describe() {
        return actions.stream().map(Action::describe).toList();
    }
}
