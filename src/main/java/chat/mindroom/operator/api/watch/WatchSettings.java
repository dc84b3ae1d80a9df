package chat.mindroom.operator.api.watch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The instance watch ({@code OPERATOR_WATCH_*}): how long changes stay resumable ({@code RETENTION})
 * and at most how many are kept ({@code MAX_CHANGES}), how often they are pruned, how often a
 * watcher gets a bookmark ({@code BOOKMARK_INTERVAL}), how many events may wait for a slow watcher
 * before it is dropped ({@code BUFFER}), and how often the log is read when no notification came.
 */
@ConfigurationProperties("operator.watch")
public record WatchSettings(
        @Bindable(defaultValue = "1h") Duration retention,
        @Bindable(defaultValue = "100000") @Min(100) int maxChanges,
        @Bindable(defaultValue = "1m") Duration pruneInterval,
        @Bindable(defaultValue = "30s") Duration bookmarkInterval,
        @Bindable(defaultValue = "4096") @Min(16) @Max(1048576) int buffer,
        @Bindable(defaultValue = "2s") Duration pollInterval) {
}
