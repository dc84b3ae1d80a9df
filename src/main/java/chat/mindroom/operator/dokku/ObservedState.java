package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Everything observed on one host for one instance: its apps and services, and the host's facts. */
public record ObservedState(
        SortedMap<String, ObservedApp> apps,
        SortedMap<String, ObservedService> services,
        HostFacts facts) {

    public ObservedState {
        apps = Collections.unmodifiableSortedMap(new TreeMap<>(apps));
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        requireNonNull(facts, "facts is null");
    }
}
