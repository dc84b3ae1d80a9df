package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A simulated {@code dokku}: takes the exec string an SSH client sent, parses it the way Dokku does
 * ({@link DokkuArgv}) and answers with Dokku's stdout, stderr and exit code for the commands the
 * operator uses, matching the recordings of a real Dokku 0.38.27 for the same state.
 */
public final class DokkuSimulator {

    private static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]*$");
    private static final Pattern EXISTING_APP = Pattern.compile("^[a-z0-9][a-z0-9._-]*$");
    private static final Pattern ENV_KEY = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9.*-]*[a-z0-9*-]$");
    private static final Pattern GO_INT = Pattern.compile("^[+-]?[0-9]+$");
    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "memory-swap", "network",
            "network-ingress", "network-egress", "nvidia-gpu");
    private static final Set<String> WRITES = Set.of("apps:create", "apps:destroy", "config:set", "config:unset",
            "resource:limit", "resource:reserve", "resource:limit-clear", "domains:set", "domains:add", "domains:remove", "storage:mount",
            "storage:unmount", "storage:ensure-directory", "git:from-image", "ps:restart", "ps:rebuild", "ps:stop",
            "ps:start", "letsencrypt:enable", "letsencrypt:disable");

    private final SandboxState state;
    private final AppLifecycle lifecycle;
    private final ServiceCommands services;

    public DokkuSimulator(SandboxState state) {
        this.state = state;
        this.lifecycle = new AppLifecycle(state);
        this.services = new ServiceCommands(state, lifecycle);
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

    public Answer execute(String exec) {
        DokkuArgv argv = DokkuArgv.parse(exec);
        Answer answer;
        synchronized (state.lock) {
            state.countCommand(isWrite(exec));
            answer = dispatch(argv);
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
            case "version" -> Answer.ok("dokku version " + state.version + "\n");
            case "plugin:list" -> Answer.ok(PluginList.render(state.letsencryptInstalled, args.contains("json")));
            case "apps:list" -> appsList(args);
            case "apps:exists" -> withApp(args, app -> Answer.ok(""));
            case "apps:create" -> appsCreate(args);
            case "apps:destroy" -> appsDestroy(args, flags);
            case "apps:report" -> report(args, "apps");
            case "config:export" -> configExport(args);
            case "config:get" -> withApp(args, app -> args.size() > 1 && app.env.containsKey(args.get(1))
                    ? Answer.ok(app.env.get(args.get(1)) + "\n") : Answer.fail(1, ""));
            case "config:set" -> configSet(args);
            case "config:unset" -> configUnset(args);
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
            case "storage:list" -> storageList(args);
            case "storage:mount" -> storageMount(args);
            case "storage:unmount" -> storageUnmount(args);
            case "storage:ensure-directory" -> ensureDirectory(args);
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
            case "letsencrypt:enable" -> withApp(args, app -> {
                if (app.vhosts.isEmpty()) {
                    return Answer.fail(1, bang("No domains detected for " + app.name));
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

    static Answer unknown(String command, List<String> args) {
        String line = args.isEmpty() ? command : command + " " + String.join(" ", args);
        return Answer.fail(1, bang("`" + line + "` is not a dokku command.")
                + bang("See `dokku help` for a list of available commands."));
    }

    private Answer withApp(List<String> args, java.util.function.Function<SandboxApp, Answer> action) {
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

    private Answer configExport(List<String> args) {
        return withApp(args, app -> {
            int f = args.indexOf("--format");
            String format = f >= 0 && f + 1 < args.size() ? args.get(f + 1) : "exports";
            return switch (format) {
                case "json" -> Answer.ok(GoJson.object(app.env) + "\n");
                case "exports" -> {
                    StringBuilder out = new StringBuilder();
                    app.env.forEach((k, v) -> out.append("export ").append(k).append("='")
                            .append(v.replace("'", "'\\''")).append("'\n"));
                    yield Answer.ok(out.toString());
                }
                default -> Answer.fail(1, bang("Unknown export format: " + format));
            };
        });
    }

    private Answer configSet(List<String> args) {
        boolean encoded = args.remove("--encoded");
        boolean noRestart = args.remove("--no-restart");
        return withApp(args, app -> {
            List<String> pairs = args.subList(1, args.size());
            if (pairs.isEmpty()) {
                return Answer.fail(1, bang("At least one env pair must be given"));
            }
            Map<String, String> values = new TreeMap<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    return Answer.fail(1, bang("Invalid env pair: " + pair));
                }
                String key = pair.substring(0, eq);
                if (!ENV_KEY.matcher(key).matches()) {
                    return Answer.fail(1, bang("Invalid key name: '" + key + "'"));
                }
                String value = pair.substring(eq + 1);
                if (encoded) {
                    try {
                        value = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return Answer.fail(1, bang("illegal base64 data at input byte 0 for key '" + key + "'"));
                    }
                }
                values.put(key, value);
            }
            int width = values.keySet().stream().mapToInt(String::length).max().orElse(0) + 3;
            StringBuilder out = new StringBuilder("-----> Setting config vars\n");
            values.forEach((k, v) -> {
                out.append("       ").append(String.format("%-" + width + "s", k + ":")).append(v).append('\n');
                app.env.put(k, normalize(v));
            });
            if (!noRestart) {
                out.append(lifecycle.restartIfDeployed(app));
            }
            return Answer.ok(out.toString());
        });
    }

    /**
     * godotenv's Marshal writes values that parse as a Go int as the normalized integer. Kept apart
     * from the operator's DokkuValues on purpose: the sandbox models Dokku independently, so a wrong
     * assumption in the operator cannot hide behind the same code in its test fixture.
     */
    static String normalize(String value) {
        if (GO_INT.matcher(value).matches()) {
            try {
                return Long.toString(Long.parseLong(value));
            } catch (NumberFormatException tooBig) {
                return value;
            }
        }
        return value;
    }

    private Answer configUnset(List<String> args) {
        boolean noRestart = args.remove("--no-restart");
        return withApp(args, app -> {
            List<String> keys = args.subList(1, args.size());
            if (keys.isEmpty()) {
                return Answer.fail(1, bang("At least one key must be given"));
            }
            StringBuilder out = new StringBuilder();
            for (String key : keys) {
                if (app.env.remove(key) != null) {
                    out.append("-----> Unsetting ").append(key).append('\n');
                } else {
                    out.append("-----> Skipping ").append(key).append(", it is not set in the environment\n");
                }
            }
            if (!noRestart) {
                out.append(lifecycle.restartIfDeployed(app));
            }
            return Answer.ok(out.toString());
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

    private Answer storageList(List<String> args) {
        return withApp(args, app -> {
            if (args.contains("json")) {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < app.attachments.size(); i++) {
                    SandboxApp.Attachment a = app.attachments.get(i);
                    out.append(i == 0 ? "" : ",").append("{\"entry_name\":").append(GoJson.quote(a.entryName()))
                            .append(",\"host_path\":").append(GoJson.quote(a.hostPath()))
                            .append(",\"container_path\":").append(GoJson.quote(a.containerPath())).append('}');
                }
                return Answer.ok(out.append("]\n").toString());
            }
            StringBuilder out = new StringBuilder("-----> " + app.name + " volume bind-mounts:\n");
            app.attachments.forEach(a -> out.append("       ").append(a.hostPath()).append(':')
                    .append(a.containerPath()).append('\n'));
            return Answer.ok(out.toString());
        });
    }

    private Answer storageMount(List<String> args) {
        return withApp(args, app -> {
            if (args.size() < 2 || args.get(1).split(":").length < 2) {
                return Answer.fail(1, bang("Please specify a mount path"));
            }
            String[] parts = args.get(1).split(":");
            for (SandboxApp.Attachment a : app.attachments) {
                if (a.hostPath().equals(parts[0]) && a.containerPath().equals(parts[1])) {
                    return Answer.fail(1, bang("Mount path already exists."));
                }
            }
            app.attachments.add(new SandboxApp.Attachment(legacyEntryName(parts[0]), parts[0], parts[1]));
            return Answer.ok("");
        });
    }

    private Answer storageUnmount(List<String> args) {
        return withApp(args, app -> {
            String[] parts = args.size() < 2 ? new String[0] : args.get(1).split(":");
            boolean removed = parts.length >= 2 && app.attachments.removeIf(
                    a -> a.hostPath().equals(parts[0]) && a.containerPath().equals(parts[1]));
            return removed ? Answer.ok("") : Answer.fail(1, bang("Mount path does not exist."));
        });
    }

    private Answer ensureDirectory(List<String> args) {
        String name = args.isEmpty() ? "" : args.get(0);
        if (!name.matches("^[A-Za-z0-9_-]+$")) {
            return Answer.fail(1, bang("Invalid directory name"));
        }
        state.storageDirectories.add(name);
        return Answer.ok("-----> Ensuring /var/lib/dokku/data/storage/" + name + " exists\n"
                        + "       Setting directory ownership to 32767:32767\n       Directory ready for mounting\n",
                bang("Deprecated: please use 'storage:create' instead of 'storage:ensure-directory'"));
    }

    static String legacyEntryName(String hostPath) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(hostPath.getBytes(StandardCharsets.UTF_8));
            return "legacy-" + HexFormat.of().formatHex(sha).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
