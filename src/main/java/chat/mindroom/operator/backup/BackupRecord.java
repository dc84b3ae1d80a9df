package chat.mindroom.operator.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One backup attempt of an instance, as stored. Only {@code complete} ones can be restored.
 *
 * @param status {@code running}, {@code complete}, {@code failed} or {@code deleted} (retention removed its parts)
 */
public record BackupRecord(
        String id,
        String instance,
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

    public long sizeBytes() {
        return parts.stream().mapToLong(BackupPart::sizeBytes).sum();
    }
}
