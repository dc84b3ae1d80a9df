package chat.mindroom.operator.api;

/** What an API token may do. Write implies read. */
public enum ApiScope {
    READ,
    WRITE;

    public boolean permits(ApiScope needed) {
        return this == WRITE || needed == READ;
    }
}
