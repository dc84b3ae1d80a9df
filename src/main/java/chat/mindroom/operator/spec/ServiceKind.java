package chat.mindroom.operator.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Dokku service plugins an instance uses; the key is the plugin's command prefix. */
public enum ServiceKind {
    POSTGRES,
    REDIS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ServiceKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
    }
}
