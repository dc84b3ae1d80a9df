package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Finds the app a command is for (its first argument that is not a flag) in the simulated host, or
 * answers as Dokku does when none is named or the named one does not exist.
 */
final class AppLookup {

    private static final Pattern EXISTING_APP = Pattern.compile("^[a-z0-9][a-z0-9._-]*$");

    private final SandboxState state;

    AppLookup(SandboxState state) {
        this.state = state;
    }

    Answer withApp(List<String> args, Function<SandboxApp, Answer> action) {
        String name = args.stream().filter(a -> !a.startsWith("--")).findFirst().orElse("");
        if (name.isEmpty()) {
            return Answer.fail(1, bang("Please specify an app to run the command on"));
        }
        SandboxApp app = state.apps.get(name);
        if (app == null) {
            return EXISTING_APP.matcher(name).matches() ? Answer.fail(20, bang("App " + name + " does not exist"))
                    : Answer.fail(1, bang("App name must begin with lowercase alphanumeric character, and may only"
                    + " contain lowercase alphanumerics, dots, and hyphens"));
        }
        return action.apply(app);
    }
}
