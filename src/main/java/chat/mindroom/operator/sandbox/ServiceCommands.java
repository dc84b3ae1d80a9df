package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The dokku-postgres and dokku-redis plugin commands, with their outputs and exit codes. */
final class ServiceCommands {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]+$");
    private static final String[] COLORS = {"AQUA", "BLACK", "BLUE", "FUCHSIA", "GRAY", "GREEN", "LIME", "MAROON",
        "NAVY", "OLIVE", "PURPLE", "RED", "SILVER", "TEAL", "WHITE", "YELLOW"};

    private final SandboxState state;
    private final AppLifecycle lifecycle;

    ServiceCommands(SandboxState state, AppLifecycle lifecycle) {
        this.state = state;
        this.lifecycle = lifecycle;
    }

    /** Whether the command changes state. */
    static boolean isWrite(String sub) {
        return Set.of("create", "destroy", "link", "unlink", "import").contains(sub);
    }

    Answer run(String kind, String sub, List<String> args, Set<String> globalFlags) {
        String title = kind.equals("postgres") ? "Postgres" : "Redis";
        switch (sub) {
            case "list":
                return list(kind, title);
            case "app-links":
                return appLinks(kind, args);
            default:
                break;
        }
        if (args.isEmpty()) {
            return Answer.fail(1, bang("Please specify a valid name for the service"));
        }
        String name = args.get(0);
        if (sub.equals("create")) {
            return create(kind, title, name);
        }
        SandboxService service = state.services(kind).get(name);
        if (service == null) {
            return Answer.fail(1, bang(title + " service " + name + " does not exist"));
        }
        return switch (sub) {
            case "exists" -> Answer.ok("-----> Service " + name + " exists\n");
            case "info" -> args.size() > 1 ? infoFlag(service, args.get(1)) : Answer.ok(info(service));
            case "links" -> Answer.ok(lines(service.links));
            case "link" -> link(service, args, globalFlags);
            case "unlink" -> unlink(service, args, globalFlags);
            case "linked" -> args.size() > 1 && service.links.contains(args.get(1))
                    ? Answer.ok("-----> Service " + name + " is linked to " + args.get(1) + "\n")
                    : Answer.fail(1, bang("Service " + name + " is not linked to " + (args.size() > 1 ? args.get(1) : "")));
            case "destroy" -> destroy(service, title, args, globalFlags);
            default -> DokkuSimulator.unknown(kind + ":" + sub, args);
        };
    }

    private Answer list(String kind, String title) {
        if (state.services(kind).isEmpty()) {
            return Answer.ok("", bang("There are no " + title + " services"));
        }
        return Answer.ok("=====> " + title + " services\n" + lines(state.services(kind).keySet()));
    }

    private Answer appLinks(String kind, List<String> args) {
        if (args.isEmpty() || !state.apps.containsKey(args.get(0))) {
            return Answer.fail(20, bang("App " + (args.isEmpty() ? "" : args.get(0)) + " does not exist"));
        }
        StringBuilder out = new StringBuilder();
        state.services(kind).values().stream().filter(s -> s.links.contains(args.get(0)))
                .forEach(s -> out.append(s.name).append('\n'));
        return Answer.ok(out.toString());
    }

    private Answer create(String kind, String title, String name) {
        if (!NAME.matcher(name).matches()) {
            return Answer.fail(1, bang("Please specify a valid name for the service. Valid characters are: [A-Za-z0-9_]+"));
        }
        if (state.services(kind).containsKey(name)) {
            return Answer.fail(1, bang(title + " service " + name + " already exists"));
        }
        String password = state.hex(kind.equals("postgres") ? 16 : 32);
        SandboxService service = new SandboxService(kind, name, password, state.hex(32),
                "172.17.0." + (2 + state.randomInt(250)));
        state.services(kind).put(name, service);
        String waiting = kind.equals("postgres")
                ? "       Waiting for container to be ready\n       Creating container database\n"
                        + "       Securing connection to database\n"
                : "       Waiting for container to be ready\n";
        return Answer.ok(waiting + "=====> " + title + " container created: " + name + "\n" + info(service));
    }

    static String info(SandboxService s) {
        StringBuilder out = new StringBuilder("=====> " + s.name + " " + s.kind + " service information\n");
        String links = s.links.isEmpty() ? "-" : String.join(" ", s.links) + " ";
        String[][] rows = {
            {"Config dir", s.configDir()}, {"Config options", ""}, {"Data dir", s.serviceRoot() + "/data"},
            {"Dsn", s.dsn()}, {"Exposed ports", "-"}, {"Id", s.id}, {"Internal ip", s.internalIp},
            {"Initial network", ""}, {"Links", links}, {"Post create network", ""}, {"Post start network", ""},
            {"Service root", s.serviceRoot()}, {"Status", "running"}, {"Version", s.version()}};
        for (String[] row : rows) {
            out.append("       ").append(String.format("%-20s %-25s", row[0] + ":", row[1])).append('\n');
        }
        return out.toString();
    }

    private static Answer infoFlag(SandboxService s, String flag) {
        String value = switch (flag) {
            case "--config-dir" -> s.configDir();
            case "--data-dir" -> s.serviceRoot() + "/data";
            case "--dsn" -> s.dsn();
            case "--exposed-ports" -> "-";
            case "--id" -> s.id;
            case "--internal-ip" -> s.internalIp;
            case "--links" -> s.links.isEmpty() ? "-" : String.join(" ", s.links) + " ";
            case "--service-root" -> s.serviceRoot();
            case "--status" -> "running";
            case "--version" -> s.version();
            case "--config-options", "--initial-network", "--post-create-network", "--post-start-network" -> "";
            default -> null;
        };
        if (value == null) {
            return Answer.fail(1, bang("Invalid flag passed, valid flags: --config-dir --config-options --data-dir --dsn"
                    + " --exposed-ports --id --internal-ip --initial-network --links --post-create-network"
                    + " --post-start-network --service-root --status --version"));
        }
        return Answer.ok(value + "\n");
    }

    private Answer link(SandboxService service, List<String> args, Set<String> globalFlags) {
        if (args.size() < 2) {
            return Answer.fail(1, bang("Please specify an app to run the command on"));
        }
        SandboxApp app = state.apps.get(args.get(1));
        if (app == null) {
            return Answer.fail(20, bang("App " + args.get(1) + " does not exist"));
        }
        String dsn = service.dsn();
        for (var e : app.env.entrySet()) {
            if (e.getValue().equals(dsn)) {
                return Answer.fail(1, bang("Already linked as " + e.getKey()));
            }
        }
        String key = service.urlKey();
        if (app.env.containsKey(key)) {
            String prefix = "DOKKU_" + service.kind.toUpperCase(java.util.Locale.ROOT) + "_";
            for (String color : COLORS) {
                if (!app.env.containsKey(prefix + color + "_URL")) {
                    key = prefix + color + "_URL";
                    break;
                }
            }
        }
        app.env.put(key, dsn);
        service.links.add(app.name);
        boolean noRestart = globalFlags.contains("--no-restart") || args.contains("--no-restart");
        StringBuilder out = new StringBuilder("-----> Setting config vars\n       ")
                .append(key).append(":  ").append(dsn).append('\n');
        if (noRestart) {
            out.append("       Skipping restart of linked app\n");
        } else {
            out.append(lifecycle.restartIfDeployed(app));
        }
        return Answer.ok(out.toString());
    }

    private Answer unlink(SandboxService service, List<String> args, Set<String> globalFlags) {
        if (args.size() < 2) {
            return Answer.fail(1, bang("Please specify an app to run the command on"));
        }
        SandboxApp app = state.apps.get(args.get(1));
        if (app == null) {
            return Answer.fail(20, bang("App " + args.get(1) + " does not exist"));
        }
        boolean wasLinked = service.links.remove(app.name);
        String dsn = service.dsn();
        List<String> keys = app.env.entrySet().stream().filter(e -> e.getValue().equals(dsn)).map(e -> e.getKey()).toList();
        if (!wasLinked && keys.isEmpty()) {
            return Answer.fail(1, bang("Not linked to app " + app.name));
        }
        keys.forEach(app.env::remove);
        StringBuilder out = new StringBuilder("-----> Unsetting config vars\n");
        keys.forEach(k -> out.append("       Unsetting ").append(k).append('\n'));
        if (!globalFlags.contains("--no-restart")) {
            out.append(lifecycle.restartIfDeployed(app));
        }
        return Answer.ok(out.toString());
    }

    private Answer destroy(SandboxService service, String title, List<String> args, Set<String> globalFlags) {
        if (!service.links.isEmpty()) {
            return Answer.fail(1, bang("Cannot delete linked service"));
        }
        if (!globalFlags.contains("--force") && !args.contains("-f")) {
            return Answer.fail(1, bang("Please confirm with the service name (stdin is closed)"));
        }
        state.services(service.kind).remove(service.name);
        state.data.forgetService(service.kind, service.name);
        return Answer.ok("=====> Deleting " + service.name + "\n=====> Pausing container\n       Container paused\n"
                + "       Removing container\n       Removing data\n=====> " + title + " container deleted: "
                + service.name + "\n");
    }

    /** A stand-in for pg_dump -Fc: binary, with every byte value, derived from the service. */
    private static String lines(Iterable<String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach(v -> out.append(v).append('\n'));
        return out.toString();
    }
}
