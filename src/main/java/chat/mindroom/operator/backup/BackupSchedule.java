package chat.mindroom.operator.backup;

import chat.mindroom.operator.template.BackupPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an instance's scheduled backups fall due. Each instance has a fixed offset inside its tier's
 * interval, taken from a hash of its name, so a fleet's backups spread evenly over the interval
 * instead of all starting on the hour; the offset stays the same across restarts and replicas.
 */
public final class BackupSchedule {

    /** A failed scheduled backup is tried again after this long (or at the next slot, if sooner). */
    public static final Duration RETRY = Duration.ofMinutes(10);

    private BackupSchedule() {
    }

    /** The instance's offset inside an interval: the same for the same name and interval. */
    public static Duration offset(String instance, Duration interval) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(instance.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | hash[i] & 0xff;
            }
            return Duration.ofMillis(Math.floorMod(value, interval.toMillis()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start of the instance's slot that contains {@code now}: the last time a backup fell due. */
    public static Instant slotStart(String instance, Duration interval, Instant now) {
        long period = interval.toMillis();
        long shifted = now.toEpochMilli() - offset(instance, interval).toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(shifted, period) * period + offset(instance, interval).toMillis());
    }

    /**
     * Whether a scheduled backup is due now: the instance existed at the start of its current slot and
     * no backup was attempted since, or the last attempt failed at least {@link #RETRY} ago.
     */
    public static boolean due(String instance, BackupPolicy policy, Instant createdAt, Optional<Instant> lastAttempt,
                              boolean lastFailed, Instant now) {
        Instant slot = slotStart(instance, policy.every(), now);
        if (createdAt.isAfter(slot)) {
            return false;
        }
        if (lastAttempt.isEmpty() || lastAttempt.get().isBefore(slot)) {
            return true;
        }
        return lastFailed && !lastAttempt.get().plus(RETRY).isAfter(now);
    }

    /** Whether an instance has gone without a complete backup for more than twice its interval. */
    public static boolean overdue(BackupPolicy policy, Instant createdAt, Optional<Instant> lastComplete, Instant now) {
        Instant since = lastComplete.orElse(createdAt);
        return Duration.between(since, now).compareTo(policy.every().multipliedBy(2)) > 0;
    }
}
