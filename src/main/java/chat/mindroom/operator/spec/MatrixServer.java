package chat.mindroom.operator.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Matrix homeserver implementations an instance can run. */
public enum MatrixServer {
    TUWUNEL,
    SYNAPSE;

    /** The lower-case name used in specs and templates. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MatrixServer> fromKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }
}
