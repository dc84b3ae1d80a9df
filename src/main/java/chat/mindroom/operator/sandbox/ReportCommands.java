package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code PLUGIN:report} commands ({@code apps}, {@code resource}, {@code domains}, {@code storage},
 * {@code ps}, {@code git}): one app's report or every app's, as text, JSON or one {@code --info-flag}.
 */
final class ReportCommands {

    private final SandboxState state;
    private final AppLookup apps;

    ReportCommands(SandboxState state, AppLookup apps) {
        this.state = state;
        this.apps = apps;
    }

    Answer report(List<String> args, String type) {
        boolean json = false;
        String flag = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--format") && i + 1 < args.size()) {
                json = args.get(++i).equals("json");
            } else if (arg.startsWith("--")) {
                flag = arg;
            } else {
                names.add(arg);
            }
        }
        if (json && flag != null) {
            return Answer.fail(1, bang("--format flag cannot be specified when specifying an info flag"));
        }
        if (names.isEmpty()) {
            if (state.apps.isEmpty()) {
                return Answer.ok("", bang("You haven't deployed any applications yet"));
            }
            StringBuilder out = new StringBuilder();
            for (SandboxApp app : state.apps.values()) {
                Report report = Reports.of(type, app);
                out.append(json ? report.json() : report.text(app.name));
            }
            return Answer.ok(out.toString());
        }
        boolean asJson = json;
        String single = flag;
        return apps.withApp(names, app -> {
            Report report = Reports.of(type, app);
            if (single != null) {
                return report.single(single);
            }
            return Answer.ok(asJson ? report.json() : report.text(app.name));
        });
    }
}
