package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A simulated {@code dokku}: takes the exec string an SSH client sent, parses it the way Dokku does
 * ({@link DokkuArgv}) and answers with Dokku's stdout, stderr and exit code for the commands the
 * operator uses, matching the recordings of a real Dokku 0.38.27 for the same state. Each plugin's
 * commands are answered by their own class ({@link AppCommands}, {@link ConfigCommands},
 * {@link ServiceCommands}, ...); this one parses, dispatches, counts and logs.
 */
public final class DokkuSimulator {

    private static final Set<String> WRITES = Set.of("apps:create", "apps:destroy", "config:set", "config:unset",
            "resource:limit", "resource:reserve", "resource:limit-clear", "domains:set", "domains:add", "domains:remove", "storage:mount",
            "storage:unmount", "storage:ensure-directory", "git:from-image", "ps:restart", "ps:rebuild", "ps:stop",
            "ps:start", "letsencrypt:enable", "letsencrypt:disable", "letsencrypt:set");

    private final SandboxState state;
    private final AppLookup apps;
    private final AppCommands appCommands;
    private final ConfigCommands config;
    private final ResourceCommands resources;
    private final DomainCommands domains;
    private final StorageCommands storage;
    private final ReportCommands reports;
    private final LetsencryptCommands letsencrypt;
    private final EventCommands events;
    private final ServiceCommands services;
    private final DataCommands data;

    public DokkuSimulator(SandboxState state) {
        this.state = state;
        AppLifecycle lifecycle = new AppLifecycle(state);
        this.apps = new AppLookup(state);
        this.appCommands = new AppCommands(state, apps, lifecycle);
        this.config = new ConfigCommands(apps, lifecycle);
        this.resources = new ResourceCommands(apps);
        this.domains = new DomainCommands(apps);
        this.storage = new StorageCommands(state, apps);
        this.reports = new ReportCommands(state, apps);
        this.letsencrypt = new LetsencryptCommands(state, apps);
        this.events = new EventCommands(state);
        this.services = new ServiceCommands(state, lifecycle);
        this.data = new DataCommands(state, apps);
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
                events.logChange(argv, who);
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
            case "events:on", "events:off", "events:list", "events" -> events.run(command, args);
            case "run" -> data.run(args);
            case "version" -> Answer.ok("dokku version " + state.version + "\n");
            case "plugin:list" -> Answer.ok(PluginList.render(state.letsencryptInstalled, args.contains("json")));
            case "apps:list" -> appCommands.list(args);
            case "apps:exists" -> apps.withApp(args, app -> Answer.ok(""));
            case "apps:create" -> appCommands.create(args);
            case "apps:destroy" -> appCommands.destroy(args, flags);
            case "apps:report" -> reports.report(args, "apps");
            case "config:export" -> config.configExport(args);
            case "config:get" -> config.configGet(args);
            case "config:set" -> config.configSet(args);
            case "config:unset" -> config.configUnset(args);
            case "resource:report" -> reports.report(args, "resource");
            case "resource:limit" -> resources.limit(args, "limit");
            case "resource:reserve" -> resources.limit(args, "reserve");
            case "resource:limit-clear" -> resources.clear(args);
            case "domains:report" -> reports.report(args, "domains");
            case "domains:set" -> domains.domains(args, true);
            case "domains:add" -> domains.domains(args, false);
            case "storage:report" -> reports.report(args, "storage");
            case "storage:list" -> storage.storageList(args);
            case "storage:mount" -> storage.storageMount(args);
            case "storage:unmount" -> storage.storageUnmount(args);
            case "storage:ensure-directory" -> storage.ensureDirectory(args);
            case "ps:report" -> reports.report(args, "ps");
            case "ps:stop" -> appCommands.stop(args);
            case "ps:start" -> appCommands.start(args);
            case "ps:restart", "ps:rebuild" -> appCommands.restart(command, args);
            case "git:from-image" -> appCommands.fromImage(args);
            case "git:report" -> reports.report(args, "git");
            case "letsencrypt:active" -> letsencrypt.active(args);
            case "letsencrypt:set" -> letsencrypt.set(args, flags);
            case "letsencrypt:enable" -> letsencrypt.enable(args);
            case "letsencrypt:disable" -> letsencrypt.disable(args);
            default -> unknown(command, args);
        };
    }

    static Answer unknown(String command, List<String> args) {
        String line = args.isEmpty() ? command : command + " " + String.join(" ", args);
        return Answer.fail(1, bang("`" + line + "` is not a dokku command.")
                + bang("See `dokku help` for a list of available commands."));
    }
}
