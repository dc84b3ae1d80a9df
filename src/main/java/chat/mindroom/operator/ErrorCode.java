package chat.mindroom.operator;

/**
 * Every failure the operator reports, and whether trying the same thing again can help. Codes are
 * stable: they appear in API problems, status ({@code lastError.code}) and metrics.
 */
public enum ErrorCode {
    /** The request or stored document fails validation. */
    INVALID_SPEC(false),
    /** No instance of that name. */
    NOT_FOUND(false),
    /** An If-Match / If-None-Match precondition failed. */
    PRECONDITION_FAILED(false),
    /** The write collides with current state (being deleted, domain taken). */
    CONFLICT(false),
    /** The database could not be reached or failed; the same request may succeed later. */
    DATABASE_UNAVAILABLE(true),
    /** A template renders to something Dokku cannot take. */
    RENDER_FAILED(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
