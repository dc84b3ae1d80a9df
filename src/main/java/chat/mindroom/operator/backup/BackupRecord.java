package chat.mindroom.operator.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One backup attempt of an instance, as stored. Only {@code complete} ones can be restored.
 *
 * @param instanceUid the uid of the instance it was taken of (a purged instance's name may be reused;
 *                    its uid never is); empty only for a backup older than uids
 * @param status {@code running}, {@code complete}, {@code failed} or {@code deleted} (retention removed its parts)
 */
public record BackupRecord(
        String id,
        String instance,
        Optional<UUID> instanceUid,
        String tier,
        String reason,
        String status,
        String replica,
        Optional<String> host,
        long generation,
        Optional<String> release,
        String storage,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<String> error,
        List<BackupPart> parts) {

    public BackupRecord {
        parts = List.copyOf(parts);
    }

    public boolean complete() {
        return status.equals("complete");
    }

    /** True when it was taken of the instance with this uid (a backup older than uids: of this name). */
    public boolean takenOf(String name, UUID uid) {
        return instanceUid.map(uid::equals).orElse(instance.equals(name));
    }

    public long sizeBytes() {
        return parts.stream().mapToLong(BackupPart::sizeBytes).sum();
    }
}
