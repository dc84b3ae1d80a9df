package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What one Dokku command answered: exit status, stdout (bytes, binary-safe) and stderr, kept apart.
 */
public record CommandResult(int exitCode, byte[] stdout, String stderr, Duration duration) {

    public CommandResult {
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        requireNonNull(duration, "duration is null");
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
