package chat.mindroom.operator.api.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatcherTest {

    private static Event<String> event(long version) {
        return WatchEvents.change("MODIFIED", version, "{}");
    }

    @Test
    void aWatcherThatFallsBehindItsBufferIsDroppedAndItsStreamEnds() {
        Watcher watcher = new Watcher(WatchFilter.ALL, 16, 0);
        boolean accepted = true;
        int offered = 0;
        while (accepted && offered < 1000) {
            offered++;
            accepted = watcher.offer(offered, event(offered));
        }
        assertThat(accepted).isFalse();
        assertThat(offered).isLessThan(1000);
        assertThat(watcher.dropped()).isTrue();
        List<Event<String>> seen = watcher.events().collectList().block(Duration.ofSeconds(30));
        assertThat(seen).hasSizeLessThan(offered);
    }

    @Test
    void eventsAtOrBeforeTheSkipPositionAreLeftOutAndBookmarksOnlyMoveForward() {
        Watcher watcher = new Watcher(WatchFilter.ALL, 16, 10);
        watcher.skipThrough(12);
        watcher.offer(11, event(11));
        watcher.offer(12, event(12));
        watcher.offer(13, event(13));
        watcher.offer(14, null);
        watcher.bookmark();
        watcher.bookmark();
        watcher.close();
        List<String> seen = watcher.events().map(e -> e.getName() == null ? "comment" : e.getName() + " " + e.getId())
                .collectList().block(Duration.ofSeconds(30));
        assertThat(seen).containsExactly("MODIFIED 13", "BOOKMARK 14", "comment");
    }
}
