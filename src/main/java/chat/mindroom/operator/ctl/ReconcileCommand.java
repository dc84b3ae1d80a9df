package chat.mindroom.operator.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code reconcile NAME}: asks for a repair pass now. */
@Command(name = "reconcile", description = "Ask for a repair pass of one instance now.")
final class ReconcileCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "The instance's name.")
    String name;

    @Override
    public Integer call() {
        root.api().post("/api/v1/instances/" + ApiClient.encode(name) + "/reconcile");
        root.out.println("instance/" + name + " reconcile requested");
        return ExitCode.OK;
    }
}
