package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One app as observed on its host. For an app that does not exist every other field is empty.
 *
 * @param env           the app's whole environment, Dokku's and plugins' keys included
 * @param deployedImage the image of the last successful {@code git:from-image}
 * @param tls           whether letsencrypt is active; empty where the plugin is not installed
 */
public record ObservedApp(
        String name,
        boolean exists,
        SortedMap<String, String> env,
        Optional<String> memoryLimit,
        Optional<String> cpuLimit,
        SortedSet<String> domains,
        boolean vhostEnabled,
        List<StorageMount> mounts,
        String deploySource,
        Optional<String> deployedImage,
        boolean deployed,
        boolean running,
        boolean restore,
        Optional<Boolean> tls) {

    public static final String MANAGED_BY_KEY = "MINDROOM_MANAGED_BY";
    public static final String MANAGED_BY_VALUE = "mindroom-operator";
    public static final String INSTANCE_KEY = "MINDROOM_INSTANCE";

    public ObservedApp {
        requireNonNull(name, "name is null");
        env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
        requireNonNull(memoryLimit, "memoryLimit is null");
        requireNonNull(cpuLimit, "cpuLimit is null");
        domains = Collections.unmodifiableSortedSet(new TreeSet<>(domains));
        mounts = List.copyOf(mounts);
        requireNonNull(deploySource, "deploySource is null");
        requireNonNull(deployedImage, "deployedImage is null");
        requireNonNull(tls, "tls is null");
    }

    public static ObservedApp missing(String name) {
        return new ObservedApp(name, false, new TreeMap<>(), Optional.empty(), Optional.empty(), new TreeSet<>(), false,
                List.of(), "", Optional.empty(), false, false, false, Optional.empty());
    }

    /** Whether the app carries the operator's ownership marker. */
    public boolean managed() {
        return MANAGED_BY_VALUE.equals(env.get(MANAGED_BY_KEY));
    }

    /** The instance named by the ownership marker, if any. */
    public Optional<String> owner() {
        return managed() ? Optional.ofNullable(env.get(INSTANCE_KEY)) : Optional.empty();
    }
}
