package chat.mindroom.operator.ctl;

/** The exit codes of mindroomctl; scripts may rely on them. */
public final class ExitCode {

    public static final int OK = 0;
    /** {@code diff}: the live state differs from the file. */
    public static final int DIFFERENT = 1;
    /** Bad command line, unreadable file, no server configured. */
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    /** 401 or 403: no token, a wrong one, or one without the needed scope. */
    public static final int AUTH = 4;
    /** The server refused the request (400, 409, 412, ...), failed, or could not be reached. */
    public static final int FAILED = 5;

    private ExitCode() {
    }
}
