package chat.mindroom.operator.api.watch;

import chat.mindroom.operator.document.JsonDocument;
import io.micronaut.http.sse.Event;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-sent events of a watch. A change: {@code id: N}, {@code event: ADDED|MODIFIED|DELETED},
 * {@code data: {"type", "resourceVersion": "N", "object"}}. A bookmark: {@code id: N},
 * {@code event: BOOKMARK}, {@code data: {"type":"BOOKMARK","resourceVersion":"N"}}. The initial
 * listing's ADDED events carry no id (a client cut off during it starts over), and the BOOKMARK
 * after them gives the position to resume from. ERROR (no id) ends a stream that cannot go on.
 */
public final class WatchEvents {

    public static final String BOOKMARK = "BOOKMARK";
    public static final String ERROR = "ERROR";

    private WatchEvents() {
    }

    /** The JSON data of a change event. */
    public static String data(String type, long version, Map<String, Object> object) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", type);
        tree.put("resourceVersion", String.valueOf(version));
        tree.put("object", object);
        return JsonDocument.writeString(tree);
    }

    public static Event<String> change(String type, long version, String data) {
        return Event.of(data).id(String.valueOf(version)).name(type);
    }

    /** One instance of the initial listing, at the listing's position, without an id. */
    public static Event<String> listed(long position, Map<String, Object> object) {
        return Event.of(data(Change.ADDED, position, object)).name(Change.ADDED);
    }

    public static Event<String> bookmark(long version) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", BOOKMARK);
        tree.put("resourceVersion", String.valueOf(version));
        return Event.of(JsonDocument.writeString(tree)).id(String.valueOf(version)).name(BOOKMARK);
    }

    /** The last event of a stream that cannot go on: {@code problem} is a problem+json document. */
    public static Event<String> error(Map<String, Object> problem) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", ERROR);
        tree.put("object", problem);
        return Event.of(JsonDocument.writeString(tree)).name(ERROR);
    }

    /** A comment line that keeps the connection (and proxies) from going idle. */
    public static Event<String> heartbeat() {
        return Event.of("").comment("heartbeat");
    }

    /** The position an event carries in its id, or -1 when it has none. */
    public static long position(Event<String> event) {
        return event.getId() == null ? -1 : Long.parseLong(event.getId());
    }
}
