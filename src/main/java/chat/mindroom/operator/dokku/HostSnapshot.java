package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import chat.mindroom.operator.spec.ServiceKind;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The structure of every app and service on one host, read with a handful of bulk commands
 * ({@code apps:report}, {@code resource:report}, {@code domains:report} and {@code storage:report}
 * without an app name, and the service lists) instead of about 23 commands per instance.
 *
 * <p>It holds what those reports show: existence, limits, domains, mounts and the deployed image.
 * An app's environment, process state, certificate and service links are not in any bulk report;
 * {@link #overlay} takes them from the instance's last full observation. The snapshot only ever
 * decides that nothing needs doing: any difference it shows is confirmed by a fresh full observation
 * before a single write.
 */
public record HostSnapshot(Instant takenAt, SortedMap<String, AppSnapshot> apps, Map<ServiceKind, Set<String>> services) {

    /** One app's structural facts, parsed exactly like the per-app reports. */
    public record AppSnapshot(Optional<String> memoryLimit, Optional<String> cpuLimit, SortedSet<String> domains,
                              boolean vhostEnabled, List<StorageMount> mounts, String deploySource,
                              Optional<String> deployedImage) {

        public AppSnapshot {
            requireNonNull(memoryLimit, "memoryLimit is null");
            requireNonNull(cpuLimit, "cpuLimit is null");
            domains = Collections.unmodifiableSortedSet(new TreeSet<>(domains));
            mounts = List.copyOf(mounts);
            requireNonNull(deploySource, "deploySource is null");
            requireNonNull(deployedImage, "deployedImage is null");
        }
    }

    public HostSnapshot {
        requireNonNull(takenAt, "takenAt is null");
        apps = Collections.unmodifiableSortedMap(new TreeMap<>(apps));
        services = Map.copyOf(services);
    }

    /**
     * The last full observation with every structural fact replaced by this snapshot's; empty when
     * the snapshot shows an app or service that the full observation did not see (nothing is known
     * about its environment, so only a full observation can tell whose it is).
     */
    public Optional<ObservedState> overlay(ObservedState full) {
        SortedMap<String, ObservedApp> apps = new TreeMap<>();
        for (ObservedApp seen : full.apps().values()) {
            AppSnapshot now = this.apps.get(seen.name());
            if (now == null) {
                apps.put(seen.name(), ObservedApp.missing(seen.name()));
                continue;
            }
            if (!seen.exists()) {
                return Optional.empty();
            }
            apps.put(seen.name(), new ObservedApp(seen.name(), true, seen.env(), now.memoryLimit(), now.cpuLimit(),
                    now.domains(), now.vhostEnabled(), now.mounts(), now.deploySource(), now.deployedImage(),
                    seen.deployed(), seen.running(), seen.restore(), seen.tls()));
        }
        SortedMap<String, ObservedService> services = new TreeMap<>();
        for (ObservedService seen : full.services().values()) {
            Set<String> listed = this.services.get(seen.kind());
            if (listed == null) {
                return Optional.empty();
            }
            boolean exists = listed.contains(seen.name());
            if (exists && !seen.exists()) {
                return Optional.empty();
            }
            services.put(seen.name(), exists ? seen : new ObservedService(seen.kind(), seen.name(), false, new TreeSet<>()));
        }
        return Optional.of(new ObservedState(apps, services, full.facts()));
    }
}
