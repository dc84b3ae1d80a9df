package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app of the topology, with {@code ${...}} placeholders still in its strings.
 *
 * @param key             the app's role in the topology (backend, frontend, matrix)
 * @param onlyWithMatrix  {@code when: matrix.enabled}
 * @param mounts          {@code /host/path:/container/path}
 */
public record AppTemplate(
        String key,
        boolean onlyWithMatrix,
        String name,
        String image,
        LimitsTemplate limits,
        List<String> domains,
        List<String> mounts,
        Map<String, String> env) {

    public AppTemplate {
        requireNonNull(key, "key is null");
        requireNonNull(name, "name is null");
        requireNonNull(image, "image is null");
        requireNonNull(limits, "limits is null");
        domains = List.copyOf(domains);
        mounts = List.copyOf(mounts);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
}
