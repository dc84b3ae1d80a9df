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
    RENDER_FAILED(false),
    /** A value cannot be sent to Dokku safely (newline, flag word, too long, ...). */
    UNSAFE_ARGUMENT(false),
    /** Dokku: the app does not exist (exit 20). */
    APP_MISSING(false),
    /** Dokku: the app, service or mount already exists. */
    ALREADY_EXISTS(false),
    /** Dokku: the service is not linked to the app. */
    NOT_LINKED(false),
    /** Dokku: a service is still linked, so it cannot be destroyed. */
    STILL_LINKED(false),
    /** Dokku: the plugin that provides the command is not installed. */
    PLUGIN_MISSING(false),
    /** Dokku: {@code git:from-image} of the image already deployed (exit 1, nothing done). */
    NO_CHANGES(false),
    /** Dokku: the service does not exist. */
    SERVICE_MISSING(false),
    /** Dokku answered with a failure not classified above. */
    COMMAND_FAILED(true),
    /** The SSH connection failed or dropped; the command may or may not have run. */
    TRANSPORT_FAILURE(true),
    /** The command did not finish within its timeout. */
    TIMEOUT(true),
    /** Another replica holds the instance's lease now: this one stops writing (fenced). */
    LEASE_LOST(true),
    /** The host's SSH key is not the one in known_hosts: refused, never auto-accepted. */
    HOST_KEY_REJECTED(false),
    /** Dokku's output could not be parsed. */
    UNPARSEABLE_OUTPUT(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
