package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** A write that ran: the redacted command, its exit code and how long it took, for the audit trail. */
public record Executed(String host, String command, int exitCode, Duration duration) {

    public Executed {
        requireNonNull(host, "host is null");
        requireNonNull(command, "command is null");
        requireNonNull(duration, "duration is null");
    }
}
