package chat.mindroom.operator.backup;

/**
 * One stored part of a backup.
 *
 * @param part     {@code postgres}, {@code redis} or {@code volume-<storage name>}
 * @param kind     {@code postgres}, {@code redis} or {@code volume}
 * @param source   the service, or {@code app:/container/path} of the volume, it was read from
 * @param location where the storage keeps it (a path or an object key)
 */
public record BackupPart(String part, String kind, String source, String location, long sizeBytes, String sha256) {
}
