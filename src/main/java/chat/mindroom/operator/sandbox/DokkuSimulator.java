package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A simulated {@code dokku}: takes the exec string an SSH client sent, parses it the way Dokku does
 * ({@link DokkuArgv}) and answers with Dokku's stdout, stderr and exit code for the commands the
 * operator uses, matching the recordings of a real Dokku 0.38.27 for the same state.
 */
public final class DokkuSimulator {

    private static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]*$");
    private static final Pattern EXISTING_APP = Pattern.compile("^[a-z0-9][a-z0-9._-]*$");
    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9.*-]*[a-z0-9*-]$");
    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "memory-swap", "network",
            "network-ingress", "network-egress", "nvidia-gpu");
    private static final Set<String> WRITES = Set.of("apps:create", "apps:destroy", "config:set", "config:unset",
            "resource:limit", "resource:reserve", "resource:limit-clear", "domains:set", "domains:add", "domains:remove", "storage:mount",
            "storage:unmount", "storage:ensure-directory", "git:from-image", "ps:restart", "ps:rebuild", "ps:stop",
            "ps:start", "letsencrypt:enable", "letsencrypt:disable", "letsencrypt:set");

    private final SandboxState state;
    private final AppLifecycle lifecycle;
    private final ServiceCommands services;
    private final StorageCommands storage;
    private final ConfigCommands config;
    private final DataCommands data;

    public DokkuSimulator(SandboxState state) {
        this.state = state;
        this.lifecycle = new AppLifecycle(state);
        this.services = new ServiceCommands(state, lifecycle);
        this.storage = new StorageCommands(state, this);
        this.config = new ConfigCommands(this, lifecycle);
        this.data = new DataCommands(state, this);
    }

    public SandboxState state() {
        return state;
    }

    /** Whether {@code exec} would change state (counted as a write, and slow in the latency profile). */
    public static boolean isWrite(String exec) {
        DokkuArgv argv = DokkuArgv.parse(exec);
        String command = argv.command();
        int colon = command.indexOf(':');
        if (colon > 0 && (command.startsWith("postgres:") || command.startsWith("redis:"))) {
            return ServiceCommands.isWrite(command.substring(colon + 1));
        }
        if (command.equals("resource:limit") && argv.args().stream().noneMatch(a -> a.startsWith("--"))) {
            return false;
        }
        return WRITES.contains(command);
    }

    /** How many apps a command covers: all of them for a report without an app name, else 1. */
    public int coverage(String exec) {
        DokkuArgv argv = DokkuArgv.parse(exec);
        if (!argv.command().endsWith(":report") || argv.appFlag().isPresent()) {
            return 1;
        }
        List<String> args = argv.args();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--format")) {
                i++;
            } else if (!args.get(i).startsWith("--")) {
                return 1;
            }
        }
        synchronized (state.lock) {
            return Math.max(1, state.apps.size());
        }
    }

    public Answer execute(String exec) {
        return execute(exec, "NAME=admin FINGERPRINT=SHA256:unknown");
    }

    /** Runs {@code exec} for the SSH key {@code who} ({@code NAME=... FINGERPRINT=SHA256:...}), as the events log names it. */
    public Answer execute(String exec, String who) {
        return execute(exec, who, new byte[0]);
    }

    /** Runs {@code exec} with {@code stdin} as its input ({@code postgres:import} reads a dump from it). */
    public Answer execute(String exec, String who, byte[] stdin) {
        DokkuArgv argv = DokkuArgv.parse(exec);
        Answer answer;
        synchronized (state.lock) {
            state.countCommand(isWrite(exec));
            answer = DataCommands.handles(argv.command()) ? data.service(argv.command(), argv.args(), stdin)
                    : dispatch(argv);
            if (answer.exit() == 0) {
                logChange(argv, who);
            }
        }
        if (!argv.xargsError().isEmpty()) {
            return new Answer(answer.exit(), answer.stdout(), argv.xargsError() + answer.stderr());
        }
        return answer;
    }

    private Answer dispatch(DokkuArgv argv) {
        String command = argv.command();
        List<String> args = new ArrayList<>(argv.args());
        argv.appFlag().ifPresent(app -> args.add(0, app));
        Set<String> flags = argv.globalFlags();
        if (command.startsWith("postgres:") || command.startsWith("redis:")) {
            String kind = command.substring(0, command.indexOf(':'));
            return services.run(kind, command.substring(kind.length() + 1), args, flags);
        }
        if (command.startsWith("letsencrypt:") && !state.letsencryptInstalled) {
            return unknown(command, args);
        }
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
            case "run" -> data.run(args);
            case "version" -> Answer.ok("dokku version " + state.version + "\n");
            case "plugin:list" -> Answer.ok(PluginList.render(state.letsencryptInstalled, args.contains("json")));
            case "apps:list" -> appsList(args);
            case "apps:exists" -> withApp(args, app -> Answer.ok(""));
            case "apps:create" -> appsCreate(args);
            case "apps:destroy" -> appsDestroy(args, flags);
            case "apps:report" -> report(args, "apps");
            case "config:export" -> config.configExport(args);
            case "config:get" -> withApp(args, app -> args.size() > 1 && app.env.containsKey(args.get(1))
                    ? Answer.ok(app.env.get(args.get(1)) + "\n") : Answer.fail(1, ""));
            case "config:set" -> config.configSet(args);
            case "config:unset" -> config.configUnset(args);
            case "resource:report" -> report(args, "resource");
            case "resource:limit" -> resourceLimit(args, "limit");
            case "resource:reserve" -> resourceLimit(args, "reserve");
            case "resource:limit-clear" -> withApp(args, app -> {
                app.resources.clear();
                return Answer.ok("=====> clearing " + app.name + " limits\n");
            });
            case "domains:report" -> report(args, "domains");
            case "domains:set" -> domains(args, true);
            case "domains:add" -> domains(args, false);
            case "storage:report" -> report(args, "storage");
            case "storage:list" -> storage.storageList(args);
            case "storage:mount" -> storage.storageMount(args);
            case "storage:unmount" -> storage.storageUnmount(args);
            case "storage:ensure-directory" -> storage.ensureDirectory(args);
            case "ps:report" -> report(args, "ps");
            case "ps:stop" -> withApp(args, app -> {
                lifecycle.stop(app);
                return Answer.ok("-----> Stopping " + app.name + "\n");
            });
            case "ps:start" -> withApp(args, app -> {
                if (!app.deployed) {
                    return Answer.ok("", bang("App " + app.name + " has not been deployed"));
                }
                if (!app.running) {
                    lifecycle.recreate(app);
                }
                app.restore = true;
                return Answer.ok("-----> Starting " + app.name + "\n");
            });
            case "ps:restart", "ps:rebuild" -> withApp(args, app -> {
                if (!app.deployed) {
                    return Answer.ok("", bang("App " + app.name + " has not been deployed"));
                }
                lifecycle.recreate(app);
                return Answer.ok("-----> " + (command.equals("ps:restart") ? "Restarting " : "Rebuilding ")
                        + app.name + "\n");
            });
            case "git:from-image" -> gitFromImage(args);
            case "git:report" -> report(args, "git");
            case "letsencrypt:active" -> withApp(args, app -> Answer.ok(app.letsencrypt + "\n"));
            case "letsencrypt:set" -> letsencryptSet(args, flags);
            case "letsencrypt:enable" -> withApp(args, app -> {
                if (app.vhosts.isEmpty()) {
                    return Answer.fail(1, bang("No domains detected for " + app.name));
                }
                if (app.letsencryptEmail.isEmpty() && state.letsencryptGlobalEmail.isEmpty()) {
                    return Answer.fail(1, "=====> Enabling letsencrypt for " + app.name + "\n",
                            bang("ERROR: Cannot request a certificate without an e-mail address!")
                                    + bang("  please provide your e-mail address using")
                                    + bang("  dokku letsencrypt:set " + app.name + " email <e-mail>"));
                }
                boolean renewed = !app.letsencrypt;
                app.letsencrypt = true;
                return Answer.ok(renewed ? "-----> Enabling letsencrypt for " + app.name + "\n"
                        : "-----> Certificate is still valid for " + app.name + ", skipping certificate request\n");
            });
            case "letsencrypt:disable" -> withApp(args, app -> {
                app.letsencrypt = false;
                return Answer.ok("-----> Disabling letsencrypt for " + app.name + "\n");
            });
            default -> unknown(command, args);
        };
    }

    /** Writes the change {@code argv} made to the events log, under the trigger Dokku fires for it. */
    private void logChange(DokkuArgv argv, String who) {
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

    /** {@code letsencrypt:set APP email ADDRESS} or {@code letsencrypt:set --global email ADDRESS}. */
    private Answer letsencryptSet(List<String> args, Set<String> flags) {
        boolean global = flags.contains("--global") || args.contains("--global");
        List<String> rest = args.stream().filter(a -> !a.equals("--global")).toList();
        if (global) {
            if (rest.size() < 1 || !rest.get(0).equals("email")) {
                return Answer.fail(1, bang("Invalid property specified, valid properties include: email"));
            }
            state.letsencryptGlobalEmail = rest.size() > 1 ? rest.get(1) : "";
            return Answer.ok("=====> Setting email to " + state.letsencryptGlobalEmail + "\n");
        }
        return withApp(rest, app -> {
            if (rest.size() < 2 || !rest.get(1).equals("email")) {
                return Answer.fail(1, bang("Invalid property specified, valid properties include: email"));
            }
            app.letsencryptEmail = rest.size() > 2 ? rest.get(2) : "";
            return Answer.ok("=====> Setting email to " + app.letsencryptEmail + "\n");
        });
    }

    static Answer unknown(String command, List<String> args) {
        String line = args.isEmpty() ? command : command + " " + String.join(" ", args);
        return Answer.fail(1, bang("`" + line + "` is not a dokku command.")
                + bang("See `dokku help` for a list of available commands."));
    }

    Answer withApp(List<String> args, java.util.function.Function<SandboxApp, Answer> action) {
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

    private Answer appsList(List<String> args) {
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

    private Answer appsCreate(List<String> args) {
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

    private Answer appsDestroy(List<String> args, Set<String> flags) {
        return withApp(args, app -> {
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

    private Answer resourceLimit(List<String> args, String kind) {
        Map<String, String> changes = new LinkedHashMap<>();
        String processType = "_default_";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--process-type") && i + 1 < args.size()) {
                processType = args.get(++i);
            } else if (arg.startsWith("--") && RESOURCE_KEYS.contains(arg.substring(2)) && i + 1 < args.size()) {
                changes.put(arg.substring(2), args.get(++i));
            } else if (arg.startsWith("--")) {
                return Answer.fail(2, "unknown flag: " + arg + "\n");
            } else {
                rest.add(arg);
            }
        }
        String type = processType;
        return withApp(rest, app -> {
            if (changes.isEmpty()) {
                StringBuilder out = new StringBuilder("=====> resource " + kind + "s " + app.name
                        + " information [defaults]\n");
                for (String key : List.of("cpu", "memory", "memory-swap", "network", "network-ingress", "network-egress",
                        "nvidia-gpu")) {
                    out.append("       ").append(key).append(": ")
                            .append(app.resources.getOrDefault(type + "." + kind + "." + key, "")).append('\n');
                }
                return Answer.ok(out.toString());
            }
            StringBuilder out = new StringBuilder("=====> Setting resource " + (kind.equals("limit") ? "limits"
                    : "reservations") + " for " + app.name + "\n");
            changes.forEach((k, v) -> {
                if (v.equals("clear")) {
                    app.resources.remove(type + "." + kind + "." + k);
                } else {
                    app.resources.put(type + "." + kind + "." + k, v);
                }
                out.append("       ").append(k).append(": ").append(v).append('\n');
            });
            return Answer.ok(out.toString());
        });
    }

    private Answer domains(List<String> args, boolean replace) {
        return withApp(args, app -> {
            List<String> domains = args.subList(1, args.size());
            for (String d : domains) {
                if (!DOMAIN.matcher(d.toLowerCase(java.util.Locale.ROOT)).matches()) {
                    return Answer.fail(1, bang(d + " is invalid. exiting..."));
                }
            }
            StringBuilder out = new StringBuilder();
            String configure = "-----> Configuring " + String.join(" ", domains) + "...(using built-in template)\n"
                    + "-----> Creating http nginx.conf\n       Reloading nginx\n";
            String listeners = bang("No web listeners specified for " + app.name);
            app.env.put("NO_VHOST", "0");
            if (replace) {
                app.vhosts.clear();
                app.vhosts.addAll(domains);
                out.append("-----> Set ").append(String.join(" ", domains)).append(" for ").append(app.name).append('\n');
                return Answer.ok(out + configure + configure, listeners + listeners);
            }
            for (String d : domains) {
                if (!app.vhosts.add(d)) {
                    out.append("-----> Skipping: ").append(d).append(" already added to ").append(app.name).append('\n');
                } else {
                    out.append("-----> Added ").append(d).append(" to ").append(app.name).append('\n');
                }
            }
            return Answer.ok(out + configure, listeners);
        });
    }

    private Answer gitFromImage(List<String> args) {
        List<String> rest = args.stream().filter(a -> !a.startsWith("--")).toList();
        return withApp(rest, app -> {
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

    private Answer report(List<String> args, String type) {
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
        return withApp(names, app -> {
            Report report = Reports.of(type, app);
            if (single != null) {
                return report.single(single);
            }
            return Answer.ok(asJson ? report.json() : report.text(app.name));
        });
    }
}
