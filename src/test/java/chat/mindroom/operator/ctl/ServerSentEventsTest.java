package chat.mindroom.operator.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.api.watch.WatchEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    private static List<ServerSentEvents.Message> read(String stream) throws IOException {
        ServerSentEvents events = new ServerSentEvents(new BufferedReader(new StringReader(stream)));
        List<ServerSentEvents.Message> out = new ArrayList<>();
        for (Optional<ServerSentEvents.Message> m = events.next(); m.isPresent(); m = events.next()) {
            out.add(m.get());
        }
        return out;
    }

    @Test
    void readsIdEventAndDataAndSkipsComments() throws IOException {
        List<ServerSentEvents.Message> events = read(": heartbeat\n\nid: 7\nevent: MODIFIED\ndata: {\"a\":1}\n\n"
                + "event: ADDED\ndata: {}\n\n");
        assertThat(events).containsExactly(
                new ServerSentEvents.Message(Optional.of("7"), "MODIFIED", "{\"a\":1}"),
                new ServerSentEvents.Message(Optional.empty(), "ADDED", "{}"));
    }

    @Test
    void joinsDataLinesAndAcceptsEveryLineEnding() throws IOException {
        assertThat(read("data: one\r\ndata:two\rdata\n\nid: 3\r\ndata: x\r\n\r\n")).containsExactly(
                new ServerSentEvents.Message(Optional.empty(), "message", "one\ntwo\n"),
                new ServerSentEvents.Message(Optional.of("3"), "message", "x"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndAnUnfinishedOneIsDropped() throws IOException {
        assertThat(read("id: 4\nevent: BOOKMARK\n\nid: 5\ndata: cut off")).isEmpty();
    }

    @Test
    void theWatchEventsCarryTheFieldsOfTheContract() throws IOException {
        String change = WatchEvents.data("MODIFIED", 12, Map.of("name", "alpha"));
        assertThat(change).isEqualTo("{\"type\":\"MODIFIED\",\"resourceVersion\":\"12\",\"object\":{\"name\":\"alpha\"}}");
        assertThat(WatchEvents.change("MODIFIED", 12, change).getId()).isEqualTo("12");
        assertThat(WatchEvents.change("MODIFIED", 12, change).getName()).isEqualTo("MODIFIED");
        assertThat(WatchEvents.bookmark(13).getData()).isEqualTo("{\"type\":\"BOOKMARK\",\"resourceVersion\":\"13\"}");
        assertThat(WatchEvents.listed(13, Map.of()).getId()).isNull();
        assertThat(WatchEvents.position(WatchEvents.bookmark(13))).isEqualTo(13);
        assertThat(WatchEvents.position(WatchEvents.heartbeat())).isEqualTo(-1);
    }
}
