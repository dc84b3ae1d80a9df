package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.HostFacts;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.dokku.parse.DokkuVersion;
import chat.mindroom.operator.spec.ServiceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExpectedEffectsTest {

    private static ObservedState before() {
        ObservedApp backend = new ObservedApp("mr-x-backend", true, new TreeMap<>(Map.of("A", "1", "B", "2")),
                Optional.of("512m"), Optional.of("0.5"), new TreeSet<>(Set.of("api.x.example.com")), true, List.of(),
                "docker-image", Optional.of("img:1"), true, true, true, Optional.of(true));
        return new ObservedState(new TreeMap<>(Map.of("mr-x-backend", backend)), new TreeMap<>(),
                new HostFacts(new DokkuVersion(0, 38, 27), new TreeMap<>()));
    }

    @Test
    void settingsOfAnExistingAppAreLaidOverWhatWasSeen() {
        ObservedState after = ExpectedEffects.apply(before(), List.of(
                new Action.SetConfig("mr-x-backend", new TreeMap<>(Map.of("A", "9")), Set.of()),
                new Action.UnsetConfig("mr-x-backend", List.of("B")),
                new Action.SetLimits("mr-x-backend", "1024m", "1"),
                new Action.SetDomains("mr-x-backend", List.of("API.y.example.com")),
                new Action.MountStorage("mr-x-backend", "/var/lib/dokku/data/storage/x", "/app/data"),
                new Action.Deploy("mr-x-backend", "img:2"),
                new Action.Restart("mr-x-backend"),
                new Action.StopApp("mr-x-backend"))).orElseThrow();
        ObservedApp app = after.apps().get("mr-x-backend");
        assertThat(app.env()).containsExactlyEntriesOf(new TreeMap<>(Map.of("A", "9")));
        assertThat(app.memoryLimit()).contains("1024m");
        assertThat(app.cpuLimit()).contains("1");
        assertThat(app.domains()).containsExactly("api.y.example.com");
        assertThat(app.mounts()).hasSize(1);
        assertThat(app.deployedImage()).contains("img:2");
        assertThat(app.running()).isFalse();
        assertThat(app.restore()).isFalse();
    }

    @Test
    void creatingOrLinkingHasNoExpectedState() {
        assertThat(ExpectedEffects.apply(before(), List.of(new Action.CreateApp("mr-x-frontend")))).isEmpty();
        assertThat(ExpectedEffects.apply(before(), List.of(
                new Action.LinkService(ServiceKind.POSTGRES, "mr-x-db", "mr-x-backend")))).isEmpty();
        assertThat(ExpectedEffects.apply(before(), List.of(new Action.SetLimits("mr-x-frontend", "1g", "1")))).isEmpty();
    }
}
