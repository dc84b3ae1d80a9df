package chat.mindroom.operator.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An injected failure for commands whose exec string matches {@code pattern}: answer with an exit
 * code and stderr, hang without answering, or drop the SSH connection. {@code times} < 0 means
 * every matching command, otherwise only the next {@code times}.
 */
public final class Fault {

    /** What happens to a matching command. */
    public enum Kind {
        FAIL,
        HANG,
        DROP
    }

    private final Pattern pattern;
    private final Kind kind;
    private final int exitCode;
    private final String stderr;
    private final AtomicInteger remaining;

    private Fault(Pattern pattern, Kind kind, int exitCode, String stderr, int times) {
        this.pattern = requireNonNull(pattern, "pattern is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.exitCode = exitCode;
        this.stderr = requireNonNull(stderr, "stderr is null");
        this.remaining = new AtomicInteger(times);
    }

    public static Fault fail(String regex, int exitCode, String stderr, int times) {
        return new Fault(Pattern.compile(regex), Kind.FAIL, exitCode, stderr, times);
    }

    public static Fault hang(String regex, int times) {
        return new Fault(Pattern.compile(regex), Kind.HANG, 0, "", times);
    }

    public static Fault drop(String regex, int times) {
        return new Fault(Pattern.compile(regex), Kind.DROP, 0, "", times);
    }

    /** Whether this fault takes {@code exec}, using up one of its times. */
    boolean claim(String exec) {
        if (!pattern.matcher(exec).find()) {
            return false;
        }
        while (true) {
            int left = remaining.get();
            if (left == 0) {
                return false;
            }
            if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    Kind kind() {
        return kind;
    }

    int exitCode() {
        return exitCode;
    }

    String stderr() {
        return stderr;
    }
}
