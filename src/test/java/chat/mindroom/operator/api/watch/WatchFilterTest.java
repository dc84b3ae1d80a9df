package chat.mindroom.operator.api.watch;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceStatus;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.Instance;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WatchFilterTest {

    private static final WatchFilter FREE = new WatchFilter(Optional.of("free"), Optional.empty());

    private static Change change(String type, String tier, String oldTier) {
        Instant now = Instant.parse("2026-12-04T20:00:00Z");
        Instance instance = new Instance(new InstanceName("alpha"), Map.of("tier", tier), 1, 1, now, now,
                Optional.empty(), Optional.empty(), now, InstanceStatus.pending(), UUID.randomUUID(), Optional.empty(),
                Optional.empty());
        return new Change(9, type, instance, Optional.ofNullable(oldTier),
                oldTier == null ? Optional.empty() : Optional.of(Phase.Pending.name()));
    }

    @Test
    void anUnfilteredWatchSeesEveryChangeAsItHappened() {
        assertThat(WatchFilter.ALL.typeOf(change("ADDED", "free", null))).contains("ADDED");
        assertThat(WatchFilter.ALL.typeOf(change("MODIFIED", "free", "starter"))).contains("MODIFIED");
        assertThat(WatchFilter.ALL.typeOf(change("DELETED", "free", "free"))).contains("DELETED");
    }

    @Test
    void anInstanceMovingIntoOrOutOfTheFilterIsAddedOrDeleted() {
        assertThat(FREE.typeOf(change("MODIFIED", "free", "starter"))).contains("ADDED");
        assertThat(FREE.typeOf(change("MODIFIED", "starter", "free"))).contains("DELETED");
        assertThat(FREE.typeOf(change("MODIFIED", "free", "free"))).contains("MODIFIED");
        assertThat(FREE.typeOf(change("MODIFIED", "starter", "starter"))).isEmpty();
        assertThat(FREE.typeOf(change("DELETED", "starter", "starter"))).isEmpty();
        assertThat(FREE.typeOf(change("ADDED", "starter", null))).isEmpty();
    }

    @Test
    void aPhaseFilterComparesThePhaseBeforeAndAfter() {
        WatchFilter ready = new WatchFilter(Optional.empty(), Optional.of(Phase.Ready));
        WatchFilter pending = new WatchFilter(Optional.empty(), Optional.of(Phase.Pending));
        assertThat(ready.typeOf(change("MODIFIED", "free", "free"))).isEmpty();
        assertThat(pending.typeOf(change("MODIFIED", "free", "free"))).contains("MODIFIED");
    }
}
