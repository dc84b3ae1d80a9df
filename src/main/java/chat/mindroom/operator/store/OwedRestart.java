package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A restart an app is owed: its settings for {@code generation} were written but are not live yet.
 *
 * @param failed       the restart was tried and kept failing (the next pass plans it again)
 * @param runningUntil while a replica runs the restart, until when its claim holds
 */
public record OwedRestart(String host, String app, long generation, Instant requestedAt, boolean failed,
                          Optional<Instant> runningUntil) {

    public OwedRestart {
        requireNonNull(host, "host is null");
        requireNonNull(app, "app is null");
        requireNonNull(requestedAt, "requestedAt is null");
        requireNonNull(runningUntil, "runningUntil is null");
    }

    /** Whether some replica runs the restart now (so nobody asks for it again). */
    public boolean running(Instant now) {
        return runningUntil.filter(until -> until.isAfter(now)).isPresent();
    }
}
