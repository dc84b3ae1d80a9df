package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of Dokku's events log (dokku-facts 0.1, sample {@code events-tail.txt}):
 * {@code <time> <host> dokku-event[<pid>]: INVOKED: <trigger>( <args> ) NAME=<key name> FINGERPRINT=<key>}.
 * The first argument is the app for the triggers that name one.
 *
 * @param line the whole line, which identifies it (time and pid) when the log is read again
 */
public record DokkuEvent(String line, String trigger, List<String> args, Optional<String> fingerprint) {

    private static final Pattern LINE = Pattern.compile(
            "^\\S+ \\S+ dokku-event\\[\\d+\\]: INVOKED: ([A-Za-z0-9_-]+)\\(\\s*(.*?)\\s*\\)(.*)$");
    private static final Pattern KEY = Pattern.compile("FINGERPRINT=(\\S+)");

    public DokkuEvent {
        requireNonNull(line, "line is null");
        requireNonNull(trigger, "trigger is null");
        args = List.copyOf(args);
        requireNonNull(fingerprint, "fingerprint is null");
    }

    /** The event of a log line; empty for lines in another shape. */
    public static Optional<DokkuEvent> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> args = m.group(2).isBlank() ? List.of() : List.of(m.group(2).trim().split("\\s+"));
        Matcher key = KEY.matcher(m.group(3));
        return Optional.of(new DokkuEvent(line, m.group(1), args, key.find() ? Optional.of(key.group(1))
                : Optional.empty()));
    }

    /** Whether the trigger reports a change (Dokku fires {@code post-*} after it changed something). */
    public boolean change() {
        return trigger.startsWith("post-");
    }

    public Optional<String> app() {
        return args.isEmpty() ? Optional.empty() : Optional.of(args.get(0));
    }
}
