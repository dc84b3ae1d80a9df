package chat.mindroom.operator.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code delete NAME}: sets the deletion tombstone; the loop tears the instance down. */
@Command(name = "delete", description = "Request an instance's deletion (a final backup is taken first).")
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "The instance's name.")
    String name;

    @Override
    public Integer call() {
        root.api().delete("/api/v1/instances/" + ApiClient.encode(name));
        root.out.println("instance/" + name + " deletion requested");
        return ExitCode.OK;
    }
}
