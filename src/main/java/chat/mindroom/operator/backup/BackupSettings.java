package chat.mindroom.operator.backup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Backups: {@code OPERATOR_BACKUP_S3_ENDPOINT}, {@code _BUCKET}, {@code _REGION}, {@code _ACCESS_KEY},
 * {@code _SECRET_KEY} store them in an S3-compatible bucket (all of endpoint, bucket and keys, or
 * none: then the local backup directory, {@code OPERATOR_BACKUP_DIR}); {@code OPERATOR_BACKUP_CONCURRENCY_PER_HOST}
 * bounds the scheduled backups running at once on one Dokku host; {@code OPERATOR_BACKUP_SCHEDULE_TICK}
 * is how often the schedule looks for due backups; {@code OPERATOR_BACKUP_SCHEDULE_ENABLED=false}
 * stops scheduled backups (the API still takes them); {@code OPERATOR_BACKUP_KEEP_AFTER_PURGE} is how
 * long the backups of a purged instance are kept (its final backup is how a returning customer gets
 * its data back), after which they are deleted from storage.
 */
@ConfigurationProperties("operator.backup")
public record BackupSettings(
        @Nullable String s3Endpoint,
        @Nullable String s3Bucket,
        @Bindable(defaultValue = "us-east-1") String s3Region,
        @Nullable String s3AccessKey,
        @Nullable String s3SecretKey,
        @Bindable(defaultValue = "2") @Min(1) int concurrencyPerHost,
        @Bindable(defaultValue = "30s") Duration scheduleTick,
        @Bindable(defaultValue = "true") boolean scheduleEnabled,
        @Bindable(defaultValue = "90d") Duration keepAfterPurge) {

    /** Whether an S3 bucket is configured; throws when it is only half configured. */
    public boolean s3() {
        int set = 0;
        for (String value : new String[] {s3Endpoint, s3Bucket, s3AccessKey, s3SecretKey}) {
            set += value == null || value.isBlank() ? 0 : 1;
        }
        if (set != 0 && set != 4) {
            throw new IllegalArgumentException("OPERATOR_BACKUP_S3_ENDPOINT, OPERATOR_BACKUP_S3_BUCKET,"
                    + " OPERATOR_BACKUP_S3_ACCESS_KEY and OPERATOR_BACKUP_S3_SECRET_KEY go together: set all four"
                    + " (and optionally OPERATOR_BACKUP_S3_REGION) or none");
        }
        return set == 4;
    }
}
