package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One Dokku app as it should be: image, owned environment, limits, domains and mounts.
 *
 * @param role the app's key in the topology (backend, frontend, matrix)
 */
public record DesiredApp(
        String name,
        String role,
        String image,
        SortedMap<String, EnvValue> env,
        ResourceLimits limits,
        SortedSet<String> domains,
        SortedSet<Mount> mounts) {

    public DesiredApp {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(image, "image is null");
        env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
        requireNonNull(limits, "limits is null");
        domains = Collections.unmodifiableSortedSet(new TreeSet<>(domains));
        mounts = Collections.unmodifiableSortedSet(new TreeSet<>(mounts));
    }
}
