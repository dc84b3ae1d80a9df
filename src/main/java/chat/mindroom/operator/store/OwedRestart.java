package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A restart an app is owed: its settings for {@code generation} were written but are not live yet.
 *
 * @param failed the restart was tried and kept failing (the next pass plans it again)
 */
public record OwedRestart(String host, String app, long generation, Instant requestedAt, boolean failed) {

    public OwedRestart {
        requireNonNull(host, "host is null");
        requireNonNull(app, "app is null");
        requireNonNull(requestedAt, "requestedAt is null");
    }
}
