package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.ServiceKind;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A postgres or redis service as observed: whether it exists and which apps it is linked to. */
public record ObservedService(ServiceKind kind, String name, boolean exists, SortedSet<String> linkedApps) {

    public ObservedService {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        linkedApps = Collections.unmodifiableSortedSet(new TreeSet<>(linkedApps));
    }
}
