package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A status notification to put in the outbox: its type and the {@code data} of the Standard Webhooks
 * payload. The instance, its account and the notification's sequence number are added on enqueue.
 */
public record NewNotification(String type, Map<String, Object> data) {

    /** Any change of phase (also sent with the more specific types below). */
    public static final String PHASE_CHANGED = "instance.phase.changed";
    /** The instance became Ready, or its URLs changed while Ready; carries {@code urls}. */
    public static final String READY = "instance.ready";
    /** The instance went to phase Failed; carries {@code errorCode} and {@code errorMessage}. */
    public static final String FAILED = "instance.failed";
    /** A DELETE took effect: phase Terminating, apps stopped, data kept; carries {@code purgeAt}. */
    public static final String DELETED = "instance.deleted";
    /** The purge ended: the apps and services are destroyed, the name is free again. */
    public static final String PURGED = "instance.purged";
    /** A pass repaired drift; carries {@code fields}. */
    public static final String DRIFT_REPAIRED = "instance.drift.repaired";
    /** A database backup finished; carries what the backup code puts in {@code data}. */
    public static final String BACKUP_COMPLETED = "instance.backup.completed";

    /**
     * The customer credentials, encrypted for one endpoint that holds a key: when provisioning finished
     * (reason {@code initial}) and after a rotation ({@code rotated}); carries {@code reason}, {@code keys}
     * and, added per endpoint on enqueue, {@code credentials} (a JWE only that endpoint can open).
     */
    public static final String CREDENTIALS = "instance.credentials";

    public static final List<String> TYPES = List.of(PHASE_CHANGED, READY, FAILED, DELETED, PURGED, DRIFT_REPAIRED,
            BACKUP_COMPLETED, CREDENTIALS);

    public NewNotification {
        requireNonNull(type, "type is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown notification type " + type);
        }
        data = new LinkedHashMap<>(data);
    }

    /** The credentials to hand over, for {@code reason} ({@code initial} or {@code rotated}) naming the {@code keys}. */
    public static NewNotification credentials(String reason, List<String> keys) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        data.put("keys", List.copyOf(keys));
        return new NewNotification(CREDENTIALS, data);
    }

    /** A finished backup: e.g. {@code file}, {@code sizeBytes}, {@code sha256}, never a secret. */
    public static NewNotification backupCompleted(Map<String, Object> data) {
        return new NewNotification(BACKUP_COMPLETED, data);
    }
}
