package chat.mindroom.operator.api;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.store.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON/YAML tree of a notification: what was sent, and every delivery with its attempts. No secret. */
final class NotificationView {

    private NotificationView() {
    }

    static Map<String, Object> notification(Notification n) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", n.id());
        tree.put("sequence", n.sequence());
        tree.put("instance", n.instance());
        tree.put("type", n.type());
        tree.put("createdAt", n.createdAt().toString());
        tree.put("payload", JsonDocument.parse(n.body()));
        tree.put("deliveries", n.deliveries().stream().map(NotificationView::delivery).toList());
        return tree;
    }

    private static Map<String, Object> delivery(Notification.Delivery d) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("endpoint", d.endpoint());
        tree.put("state", d.state());
        tree.put("nextAttemptAt", time(d.nextAttemptAt()));
        tree.put("finishedAt", time(d.finishedAt()));
        tree.put("attempts", d.tries().stream().map(a -> {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("at", a.at().toString());
            attempt.put("statusCode", a.statusCode().orElse(null));
            attempt.put("error", a.error().orElse(null));
            attempt.put("durationMs", a.durationMs());
            return attempt;
        }).toList());
        return tree;
    }

    private static String time(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(null);
    }
}
