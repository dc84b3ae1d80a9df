package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One observed aspect of an instance (Ready, Synced, TLS, ...), Kubernetes style.
 *
 * @param status "True", "False" or "Unknown"
 */
public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {

    public Condition {
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
        requireNonNull(lastTransitionTime, "lastTransitionTime is null");
    }

    /** The document form, as stored in the status and returned by the API. */
    public java.util.Map<String, Object> toTree() {
        java.util.Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("type", type);
        tree.put("status", status);
        tree.put("reason", reason);
        tree.put("message", message);
        tree.put("lastTransitionTime", lastTransitionTime.toString());
        return tree;
    }
}
