package chat.mindroom.operator.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How much an instance's apps log; reaches them as {@code MINDROOM_LOG_LEVEL}. */
public enum LogLevel {
    DEBUG,
    INFO,
    WARNING,
    ERROR;

    /** The lower-case name used in specs and in the apps' environment. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LogLevel> fromKey(String key) {
        return Arrays.stream(values()).filter(l -> l.key().equals(key)).findFirst();
    }
}
