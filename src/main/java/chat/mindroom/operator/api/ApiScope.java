package chat.mindroom.operator.api;

import java.util.Locale;

/**
 * What an API token may do. Write implies read. Secrets (reading and rotating an instance's
 * generated credentials) implies read only: neither write nor secrets implies the other.
 */
public enum ApiScope {
    READ,
    WRITE,
    SECRETS;

    public boolean permits(ApiScope needed) {
        return this == needed || needed == READ;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
