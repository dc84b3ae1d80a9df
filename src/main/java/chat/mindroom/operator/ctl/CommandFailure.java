package chat.mindroom.operator.ctl;

/** A failure to report to the user in a few lines, with the exit code it ends the command with. */
final class CommandFailure extends RuntimeException {

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
