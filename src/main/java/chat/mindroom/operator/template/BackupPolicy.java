package chat.mindroom.operator.template;

import java.time.Duration;

/**
 * How often a tier's instances are backed up and how many backups are kept.
 *
 * @param every     the interval between scheduled backups
 * @param keep      the newest complete backups kept
 * @param keepDaily besides those, the newest complete backup of each of this many UTC days (0: none)
 */
public record BackupPolicy(Duration every, int keep, int keepDaily) {

    /** What a tier without a {@code backups} entry gets. */
    public static final BackupPolicy DEFAULT = new BackupPolicy(Duration.ofDays(1), 7, 0);

    public BackupPolicy {
        if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("every must be at least 1s");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        if (keepDaily < 0) {
            throw new IllegalArgumentException("keepDaily must not be negative");
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d}: a whole number and a unit. */
    public static Duration parseInterval(String text) {
        if (text == null || !text.matches("^[1-9][0-9]{0,6}[smhd]$")) {
            throw new IllegalArgumentException("expected an interval such as 1h or 1d, got '" + text + "'");
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
