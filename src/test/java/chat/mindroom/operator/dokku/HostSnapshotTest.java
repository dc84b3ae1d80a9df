package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import chat.mindroom.operator.dokku.parse.DokkuVersion;
import chat.mindroom.operator.spec.ServiceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HostSnapshotTest {

    private static final HostFacts FACTS = new HostFacts(new DokkuVersion(0, 38, 27),
            new TreeMap<>(Map.of("postgres", "1.48.0", "redis", "1.43.0")));

    private static ObservedApp app(String name, String memory) {
        return new ObservedApp(name, true, new TreeMap<>(Map.of("MINDROOM_INSTANCE", "x")), Optional.of(memory),
                Optional.of("0.5"), new TreeSet<>(Set.of("x.example.com")), true, List.of(), "docker-image",
                Optional.of("img:1"), true, true, true, Optional.of(true));
    }

    private static HostSnapshot.AppSnapshot structure(String memory, String domain) {
        return new HostSnapshot.AppSnapshot(Optional.of(memory), Optional.of("0.5"), new TreeSet<>(Set.of(domain)), true,
                List.of(new StorageMount("/var/lib/dokku/data/storage/x", "/app/data")), "docker-image",
                Optional.of("img:2"));
    }

    private static ObservedState full(ObservedApp... apps) {
        TreeMap<String, ObservedApp> byName = new TreeMap<>();
        for (ObservedApp a : apps) {
            byName.put(a.name(), a);
        }
        return new ObservedState(byName, new TreeMap<>(Map.of("mr-x-db",
                new ObservedService(ServiceKind.POSTGRES, "mr-x-db", true, new TreeSet<>(Set.of("mr-x-backend"))))), FACTS);
    }

    @Test
    void theSnapshotsStructureReplacesTheOldAndTheRestIsKept() {
        HostSnapshot snapshot = new HostSnapshot(Instant.now(), new TreeMap<>(Map.of(
                "mr-x-backend", structure("1024m", "api.x.example.com"))),
                Map.of(ServiceKind.POSTGRES, Set.of("mr-x-db"), ServiceKind.REDIS, Set.of()));
        ObservedState overlaid = snapshot.overlay(full(app("mr-x-backend", "512m"))).orElseThrow();
        ObservedApp backend = overlaid.apps().get("mr-x-backend");
        assertThat(backend.memoryLimit()).contains("1024m");
        assertThat(backend.domains()).containsExactly("api.x.example.com");
        assertThat(backend.deployedImage()).contains("img:2");
        assertThat(backend.mounts()).hasSize(1);
        assertThat(backend.env()).containsEntry("MINDROOM_INSTANCE", "x");
        assertThat(backend.running()).isTrue();
        assertThat(overlaid.services().get("mr-x-db").linkedApps()).containsExactly("mr-x-backend");
    }

    @Test
    void appsAndServicesThatWentAwayAreMissing() {
        HostSnapshot snapshot = new HostSnapshot(Instant.now(), new TreeMap<>(),
                Map.of(ServiceKind.POSTGRES, Set.of(), ServiceKind.REDIS, Set.of()));
        ObservedState overlaid = snapshot.overlay(full(app("mr-x-backend", "512m"))).orElseThrow();
        assertThat(overlaid.apps().get("mr-x-backend").exists()).isFalse();
        assertThat(overlaid.services().get("mr-x-db").exists()).isFalse();
    }

    @Test
    void anAppThatAppearedSinceTheFullObservationCannotBeJudgedFromTheSnapshot() {
        HostSnapshot snapshot = new HostSnapshot(Instant.now(), new TreeMap<>(Map.of(
                "mr-x-backend", structure("512m", "x.example.com"), "mr-x-matrix", structure("256m", "m.example.com"))),
                Map.of(ServiceKind.POSTGRES, Set.of("mr-x-db"), ServiceKind.REDIS, Set.of()));
        ObservedState withoutMatrix = full(app("mr-x-backend", "512m"), ObservedApp.missing("mr-x-matrix"));
        assertThat(snapshot.overlay(withoutMatrix)).isEmpty();
    }

    @Test
    void aHostWithoutTheServicesListCannotBeJudged() {
        HostSnapshot snapshot = new HostSnapshot(Instant.now(), new TreeMap<>(Map.of(
                "mr-x-backend", structure("512m", "x.example.com"))), Map.of());
        assertThat(snapshot.overlay(full(app("mr-x-backend", "512m")))).isEmpty();
    }
}
