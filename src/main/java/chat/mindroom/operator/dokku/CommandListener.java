package chat.mindroom.operator.dokku;

import java.time.Duration;

/** Told about every Dokku command a client ran: the subcommand name, how it ended, how long it took. */
@FunctionalInterface
public interface CommandListener {

    CommandListener NONE = (command, outcome, duration) -> { };

    /** @param outcome {@code ok}, {@code failed} (non-zero exit) or the error code in lower case */
    void completed(String command, String outcome, Duration duration);
}
