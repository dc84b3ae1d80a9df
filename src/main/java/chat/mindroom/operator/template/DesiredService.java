package chat.mindroom.operator.template;

import chat.mindroom.operator.spec.ServiceKind;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A PostgreSQL or Redis service and the apps (by Dokku name) it must be linked to. */
public record DesiredService(ServiceKind kind, String name, SortedSet<String> linkedApps) {

    public DesiredService {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        linkedApps = Collections.unmodifiableSortedSet(new TreeSet<>(linkedApps));
    }
}
