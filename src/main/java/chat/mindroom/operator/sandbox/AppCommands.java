package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The commands that create, destroy, deploy, start and stop apps: {@code apps:list},
 * {@code apps:create}, {@code apps:destroy}, {@code git:from-image} and {@code ps:stop/start/restart/rebuild}.
 */
final class AppCommands {

    private static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]*$");

    private final SandboxState state;
    private final AppLookup apps;
    private final AppLifecycle lifecycle;

    AppCommands(SandboxState state, AppLookup apps, AppLifecycle lifecycle) {
        this.state = state;
        this.apps = apps;
        this.lifecycle = lifecycle;
    }

    Answer list(List<String> args) {
        boolean json = args.contains("json");
        if (json) {
            return Answer.ok(GoJson.stringArray(state.apps.keySet()) + "\n");
        }
        if (state.apps.isEmpty()) {
            return Answer.ok("", bang("You haven't deployed any applications yet"));
        }
        StringBuilder out = new StringBuilder("=====> My Apps\n");
        state.apps.keySet().forEach(a -> out.append(a).append('\n'));
        return Answer.ok(out.toString());
    }

    Answer create(List<String> args) {
        String name = args.isEmpty() ? "" : args.get(0);
        if (!APP_NAME.matcher(name).matches()) {
            return Answer.fail(1, bang("App name must begin with lowercase alphanumeric character, and may only contain"
                    + " lowercase alphanumerics, dots, and hyphens"));
        }
        if (state.apps.containsKey(name)) {
            return Answer.fail(1, bang("Name is already taken"));
        }
        SandboxApp app = new SandboxApp(name, state.clock.instant().getEpochSecond());
        app.env.put("NO_VHOST", "1");
        state.apps.put(name, app);
        return Answer.ok("-----> Creating " + name + "...\n-----> Global server virtual host not set, disabling app vhost...\n"
                + "-----> No port set, setting to random open high port\n-----> Random port " + (30000 + state.randomInt(30000))
                + "\n-----> Creating http nginx.conf\n       Reloading nginx\n", bang("No web listeners specified for " + name));
    }

    Answer destroy(List<String> args, Set<String> flags) {
        return apps.withApp(args, app -> {
            if (!flags.contains("--force")) {
                return Answer.fail(1, " !     WARNING: Potentially Destructive Action\n"
                        + " !     This command will destroy app " + app.name + ".\n"
                        + " !     To proceed, type \"" + app.name + "\"\n");
            }
            StringBuilder out = new StringBuilder("-----> Destroying " + app.name + " (including all add-ons)\n");
            for (var kind : List.of(state.postgres, state.redis)) {
                for (SandboxService service : kind.values()) {
                    if (service.links.remove(app.name)) {
                        out.append("       Unlinking from ").append(service.name).append('\n');
                    }
                }
            }
            state.apps.remove(app.name);
            out.append("-----> Cleaning up...\n-----> Retiring old containers and images\n");
            return Answer.ok(out.toString(), "System has not been booted with systemd as init system (PID 1)."
                    + " Can't operate.\nFailed to connect to bus: Host is down\n");
        });
    }

    Answer fromImage(List<String> args) {
        List<String> rest = args.stream().filter(a -> !a.startsWith("--")).toList();
        return apps.withApp(rest, app -> {
            if (rest.size() < 2) {
                return Answer.fail(1, bang("Please specify an image"));
            }
            String image = rest.get(1);
            app.gitSourceImage = image;
            if (app.deployed && image.equals(app.deploySourceMetadata)) {
                return Answer.fail(1, bang("No changes detected, skipping git commit")
                        + bang("Call 'ps:rebuild' on app to rebuild the app from existing source"));
            }
            lifecycle.deploy(app, image);
            return Answer.ok("-----> Deploying " + app.name + " from " + image + "\n=====> Application deployed\n");
        });
    }

    Answer stop(List<String> args) {
        return apps.withApp(args, app -> {
            lifecycle.stop(app);
            return Answer.ok("-----> Stopping " + app.name + "\n");
        });
    }

    Answer start(List<String> args) {
        return apps.withApp(args, app -> {
            if (!app.deployed) {
                return Answer.ok("", bang("App " + app.name + " has not been deployed"));
            }
            if (!app.running) {
                lifecycle.recreate(app);
            }
            app.restore = true;
            return Answer.ok("-----> Starting " + app.name + "\n");
        });
    }

    /** {@code ps:restart} or {@code ps:rebuild}: new containers for a deployed app. */
    Answer restart(String command, List<String> args) {
        return apps.withApp(args, app -> {
            if (!app.deployed) {
                return Answer.ok("", bang("App " + app.name + " has not been deployed"));
            }
            lifecycle.recreate(app);
            return Answer.ok("-----> " + (command.equals("ps:restart") ? "Restarting " : "Rebuilding ")
                    + app.name + "\n");
        });
    }
}
