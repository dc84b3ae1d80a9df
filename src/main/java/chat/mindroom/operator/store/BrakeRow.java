package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A stored safety brake: why it was engaged and since when. */
public record BrakeRow(String reason, Instant since) {

    public BrakeRow {
        requireNonNull(reason, "reason is null");
        requireNonNull(since, "since is null");
    }
}
