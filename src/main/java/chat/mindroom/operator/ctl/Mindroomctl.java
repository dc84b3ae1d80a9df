package chat.mindroom.operator.ctl;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * mindroomctl: the operator's HTTP API from a terminal, kubectl style. Run as
 * {@code java -jar mindroom-operator.jar ctl ...} or through {@code deploy/mindroomctl}.
 */
@Command(name = "mindroomctl", mixinStandardHelpOptions = true, version = "mindroomctl 0.1",
        description = "Talks to a mindroom-operator over its HTTP API.",
        subcommands = {GetCommand.class, DescribeCommand.class, ApplyCommand.class, DiffCommand.class,
            DeleteCommand.class, UndeleteCommand.class, PlanCommand.class, ReconcileCommand.class, HostsCommand.class,
            EventsCommand.class, CredentialsCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:diff found a difference", "2:usage (bad arguments, unreadable file, no server)",
            "3:not found", "4:authentication or authorization failed", "5:server refused or failed, or unreachable"})
public final class Mindroomctl implements Callable<Integer> {

    @Option(names = "--context", description = "Context of the config file to use instead of its current one.")
    String context;

    PrintWriter out;
    PrintWriter err;
    InputStream in;
    Map<String, String> env;
    private ApiClient api;

    /** Runs one command line; never throws, never exits: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        Mindroomctl root = new Mindroomctl();
        root.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
        root.err = new PrintWriter(err, true, StandardCharsets.UTF_8);
        root.in = in;
        root.env = env;
        CommandLine line = commandLine(root);
        line.setOut(root.out);
        line.setErr(root.err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CommandFailure failure) {
                root.err.println("error: " + failure.getMessage());
                return failure.exitCode();
            }
            root.err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return ExitCode.FAILED;
        });
        try {
            return line.execute(args);
        } finally {
            root.out.flush();
            root.err.flush();
        }
    }

    static CommandLine commandLine(Mindroomctl root) {
        CommandLine line = new CommandLine(root);
        line.setExitCodeExceptionMapper(e -> {
            if (e instanceof CommandLine.ParameterException) {
                return ExitCode.USAGE;
            }
            return e instanceof CommandFailure f ? f.exitCode() : ExitCode.FAILED;
        });
        return line;
    }

    ApiClient api() {
        if (api == null) {
            api = new ApiClient(ContextConfig.resolve(Optional.ofNullable(context), env));
        }
        return api;
    }

    @Override
    public Integer call() {
        commandLine(this).usage(err);
        return ExitCode.USAGE;
    }
}
