package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.JsonDocument;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code events --follow}: polls the fleet's audit trail for events newer than the last one printed
 * and prints them oldest first as they come, until the thread is interrupted (Ctrl-C ends the JVM).
 * Event ids only grow, so "newer" is "a higher id"; each poll walks back page by page to the last
 * id seen, so a burst larger than a page is printed whole.
 */
final class EventFollower {

    private static final int PAGE = 1000;

    private final ApiClient api;
    private final Map<String, String> filters;
    private final PrintWriter out;
    private final boolean json;
    private long lastId;

    EventFollower(ApiClient api, Map<String, String> filters, PrintWriter out, boolean json) {
        this.api = api;
        this.filters = filters;
        this.out = out;
        this.json = json;
    }

    /** Polls every {@code interval} until interrupted. */
    void run(Duration interval) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                newer().forEach(this::print);
                out.flush();
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (CommandFailure e) {
                if (!Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    /** Events with an id above the last printed one, oldest first. */
    List<Map<String, Object>> newer() {
        List<Map<String, Object>> fresh = new ArrayList<>();
        String cursor = null;
        boolean more = true;
        while (more) {
            Map<String, String> query = new LinkedHashMap<>(filters);
            query.put("limit", String.valueOf(PAGE));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Map<String, Object> page = api.get(ApiClient.path("/api/v1/events", query));
            more = false;
            for (Object e : Trees.list(page.get("items"))) {
                Map<String, Object> event = Trees.map(e);
                if (id(event) <= lastId) {
                    break;
                }
                fresh.add(0, event);
                cursor = String.valueOf(id(event));
                more = page.get("nextCursor") != null;
            }
            if (more && Trees.list(page.get("items")).size() < PAGE) {
                more = false;
            }
        }
        if (!fresh.isEmpty()) {
            lastId = id(fresh.get(fresh.size() - 1));
        }
        return fresh;
    }

    static long id(Map<String, Object> event) {
        return event.get("id") instanceof Number n ? n.longValue() : 0;
    }

    /** Events up to this id count as printed. */
    void skipTo(long id) {
        lastId = Math.max(lastId, id);
    }

    void print(Map<String, Object> event) {
        if (json) {
            out.println(JsonDocument.writeString(event));
        } else {
            out.println(String.join("   ", String.valueOf(event.get("at")), String.valueOf(event.get("instance")),
                    String.valueOf(event.get("type")), String.valueOf(event.get("reason")),
                    String.valueOf(event.get("actor")), String.valueOf(event.get("message"))));
        }
    }
}
