package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.JsonDocument;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code apply -f FILE|-}: makes each document's spec the desired one. Idempotent: an instance
 * whose stored spec already equals the file's is left alone ("unchanged", no write, no event).
 */
@Command(name = "apply", description = "Create or update instances from YAML documents ({name, spec}).")
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Option(names = {"-f", "--filename"}, required = true, description = "A YAML file, or - for standard input.")
    String file;

    @Option(names = "--dry-run", description = "Validate and print what would change; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        int exit = ExitCode.OK;
        for (InstanceFiles.Desired desired : InstanceFiles.read(file, root.in)) {
            String label = "instance/" + desired.name();
            try {
                Comparison comparison = Comparison.of(api, desired);
                if (!comparison.changed()) {
                    root.out.println(label + " unchanged");
                } else if (dryRun) {
                    root.out.println(label + (comparison.live().isEmpty() ? " would be created" : " would be configured")
                            + " (dry run)");
                    comparison.diff().stream().filter(l -> !l.startsWith("  ")).forEach(l -> root.out.println("  " + l));
                } else {
                    api.put("/api/v1/instances/" + ApiClient.encode(desired.name()),
                            JsonDocument.writeString(desired.spec()));
                    root.out.println(label + (comparison.live().isEmpty() ? " created" : " configured"));
                }
            } catch (CommandFailure e) {
                root.err.println("error: " + label + ": " + e.getMessage());
                exit = exit == ExitCode.OK ? e.exitCode() : exit;
            }
        }
        return exit;
    }
}
