package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.List;

/**
 * The events plugin's commands ({@code events:on}, {@code events:off}, {@code events:list},
 * {@code events}) and the entries the commands that change an app write to the {@link EventsLog}.
 */
final class EventCommands {

    private final SandboxState state;

    EventCommands(SandboxState state) {
        this.state = state;
    }

    Answer run(String command, List<String> args) {
        return switch (command) {
            case "events:on" -> {
                state.events.on(true);
                yield Answer.ok("Enabling dokku events logger\n");
            }
            case "events:off" -> {
                state.events.on(false);
                yield Answer.ok("Disabling dokku events logger\n");
            }
            case "events:list" -> state.events.on() ? Answer.ok("=====> Events currently logged\n")
                    : Answer.ok("", bang("Events logger disabled"));
            case "events" -> Answer.ok(state.events.tail());
            default -> DokkuSimulator.unknown(command, args);
        };
    }

    /** Writes the change {@code argv} made to the events log, under the trigger Dokku fires for it. */
    void logChange(DokkuArgv argv, String who) {
        List<String> args = argv.args().stream().filter(a -> !a.startsWith("--")).toList();
        if (args.isEmpty()) {
            return;
        }
        String app = args.get(0);
        String command = argv.command();
        switch (command) {
            case "config:set", "config:unset" -> state.events.changed("post-config-update", app + " "
                    + (command.equals("config:set") ? "set" : "unset") + " " + String.join(" ", args.subList(1,
                    args.size()).stream().map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toList()), who);
            case "domains:set", "domains:add" -> state.events.changed("post-domains-update", app + " set "
                    + String.join(" ", args.subList(1, args.size())), who);
            case "ps:stop" -> state.events.changed("post-stop", app, who);
            case "ps:start", "ps:restart", "ps:rebuild", "git:from-image" -> state.events.changed("post-deploy", app, who);
            case "apps:destroy" -> state.events.changed("post-delete", app, who);
            case "letsencrypt:disable" -> state.events.changed("post-certs-remove", app, who);
            case "letsencrypt:enable" -> state.events.changed("post-certs-update", app, who);
            case "postgres:link", "redis:link", "postgres:unlink", "redis:unlink" -> {
                if (args.size() > 1) {
                    String key = command.startsWith("postgres") ? "DATABASE_URL" : "REDIS_URL";
                    state.events.changed("post-config-update", args.get(1) + (command.endsWith(":link") ? " set "
                            : " unset ") + key, who);
                }
            }
            default -> {
                // reads and commands the events log does not name an app for
            }
        }
    }
}
