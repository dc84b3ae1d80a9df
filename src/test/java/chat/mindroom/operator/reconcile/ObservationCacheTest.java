package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.HostFacts;
import chat.mindroom.operator.dokku.HostSnapshot;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.dokku.parse.DokkuVersion;
import chat.mindroom.operator.spec.InstanceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ObservationCacheTest {

    private static final InstanceName NAME = new InstanceName("xen");
    private static final String APP = "mr-xen-backend";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static ObservedState observed(String memory) {
        ObservedApp backend = new ObservedApp(APP, true, new TreeMap<>(Map.of("A", "1")), Optional.of(memory),
                Optional.of("0.5"), new TreeSet<>(Set.of("api.xen.example.com")), true, List.of(), "docker-image",
                Optional.of("img:1"), true, true, true, Optional.of(true));
        return new ObservedState(new TreeMap<>(Map.of(APP, backend)), new TreeMap<>(),
                new HostFacts(new DokkuVersion(0, 38, 27), new TreeMap<>()));
    }

    private static HostSnapshot snapshot(Instant takenAt, String memory) {
        return new HostSnapshot(takenAt, new TreeMap<>(Map.of(APP, new HostSnapshot.AppSnapshot(Optional.of(memory),
                Optional.of("0.5"), new TreeSet<>(Set.of("api.xen.example.com")), true, List.of(), "docker-image",
                Optional.of("img:1")))), Map.of());
    }

    private static String memory(Optional<ObservedState> known) {
        return known.orElseThrow().apps().get(APP).memoryLimit().orElseThrow();
    }

    @Test
    void aSnapshotTakenBeforeAWriteDoesNotHideIt() {
        ObservationCache cache = new ObservationCache(Duration.ofSeconds(30), Duration.ofMinutes(30));
        cache.converged(NAME, "h", 1, observed("512m"), T0);
        // The resync's snapshot, then an edit writes a new limit.
        cache.snapshot("h", Optional.of(snapshot(T0.plusSeconds(10), "512m")));
        cache.written(NAME, "h", 2, observed("512m"), List.of(new Action.SetLimits(APP, "768m", "0.5")), false,
                T0.plusSeconds(11), T0.plusSeconds(12));
        assertThat(memory(cache.known(NAME, "h", T0.plusSeconds(13)))).isEqualTo("768m");
        assertThat(cache.cheap(NAME, "h", 2, T0.plusSeconds(13))).isPresent();
        // A snapshot after the write is the latest word again: here an out-of-band change.
        cache.snapshot("h", Optional.of(snapshot(T0.plusSeconds(20), "3g")));
        assertThat(memory(cache.known(NAME, "h", T0.plusSeconds(21)))).isEqualTo("3g");
    }

    @Test
    void whatIsKnownAgesOutWithoutANewSnapshotAndAtTheFullObserveInterval() {
        ObservationCache cache = new ObservationCache(Duration.ofSeconds(30), Duration.ofMinutes(30));
        cache.converged(NAME, "h", 1, observed("512m"), T0);
        assertThat(cache.known(NAME, "h", T0.plusSeconds(29))).isPresent();
        assertThat(cache.known(NAME, "h", T0.plusSeconds(31))).isEmpty();
        cache.snapshot("h", Optional.of(snapshot(T0.plusSeconds(60), "512m")));
        assertThat(cache.known(NAME, "h", T0.plusSeconds(70))).isPresent();
        assertThat(cache.known(NAME, "other-host", T0.plusSeconds(70))).isEmpty();
        cache.snapshot("h", Optional.of(snapshot(T0.plusSeconds(1799), "512m")));
        assertThat(cache.known(NAME, "h", T0.plusSeconds(1801))).isEmpty();
    }
}
