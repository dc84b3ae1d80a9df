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

    public static final List<String> TYPES = List.of(PHASE_CHANGED, READY, FAILED, DELETED, PURGED, DRIFT_REPAIRED,
            BACKUP_COMPLETED);

    public NewNotification {
        requireNonNull(type, "type is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown notification type " + type);
        }
        data = new LinkedHashMap<>(data);
    }

    /** A finished backup: e.g. {@code file}, {@code sizeBytes}, {@code sha256}, never a secret. */
    public static NewNotification backupCompleted(Map<String, Object> data) {
        return new NewNotification(BACKUP_COMPLETED, data);
    }
}
