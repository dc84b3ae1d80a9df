package chat.mindroom.operator.dokku;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;

/**
 * Classifies a failed Dokku command by exit code and Dokku's own messages (dokku-facts section 2)
 * into an {@link ErrorCode} that tells the caller whether retrying can help.
 */
public final class DokkuErrors {

    private DokkuErrors() {
    }

    public static ErrorCode classify(CommandResult result) {
        String err = result.stderr();
        if (result.exitCode() == 20 || err.matches("(?s).*App \\S+ does not exist.*")) {
            return ErrorCode.APP_MISSING;
        }
        if (err.contains("is not a dokku command")) {
            return ErrorCode.PLUGIN_MISSING;
        }
        if (err.contains("No changes detected")) {
            return ErrorCode.NO_CHANGES;
        }
        if (err.contains("Cannot delete linked service")) {
            return ErrorCode.STILL_LINKED;
        }
        if (err.contains("Name is already taken") || err.contains("already exists") || err.contains("Already linked")) {
            return ErrorCode.ALREADY_EXISTS;
        }
        if (err.contains("Not linked to app") || err.contains("is not linked to") || err.contains("Mount path does not exist")) {
            return ErrorCode.NOT_LINKED;
        }
        if (err.matches("(?s).*(Postgres|Redis) service \\S+ does not exist.*")) {
            return ErrorCode.SERVICE_MISSING;
        }
        return ErrorCode.COMMAND_FAILED;
    }

    public static OperatorException failure(String host, DokkuCommand command, CommandResult result) {
        String firstLines = result.stderr().lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2)
                .reduce((a, b) -> a + " / " + b).orElse("(no message)");
        return new OperatorException(classify(result), "host " + host + ": " + command.redacted() + " exited "
                + result.exitCode() + ": " + firstLines);
    }
}
