package chat.mindroom.operator.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code diff -f FILE}: the live specs against the file's; exit 1 when any differs (as kubectl diff). */
@Command(name = "diff", description = "Show how the file's specs differ from the live ones; exit 1 if they do.")
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Option(names = {"-f", "--filename"}, required = true, description = "A YAML file, or - for standard input.")
    String file;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        boolean different = false;
        for (InstanceFiles.Desired desired : InstanceFiles.read(file, root.in)) {
            Comparison comparison = Comparison.of(api, desired);
            if (!comparison.changed()) {
                continue;
            }
            different = true;
            root.out.println("--- live/" + desired.name() + (comparison.live().isEmpty() ? " (absent)" : ""));
            root.out.println("+++ file/" + desired.name());
            comparison.diff().forEach(root.out::println);
        }
        return different ? ExitCode.DIFFERENT : ExitCode.OK;
    }
}
