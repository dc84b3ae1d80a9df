package chat.mindroom.operator.ctl;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code undelete NAME}: cancels a deletion while the instance is still Terminating (its grace period).
 * A live instance is answered as it is (exit 0). Exit 3 when there is no such instance; 5 once its
 * purge has begun (its backups stay readable under deleted-instances by uid).
 */
@Command(name = "undelete", description = "Cancel an instance's deletion during its grace period.")
final class UndeleteCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "The instance's name.")
    String name;

    @Override
    public Integer call() {
        Map<String, Object> instance = root.api().post("/api/v1/instances/" + ApiClient.encode(name) + "/undelete");
        Object phase = Trees.at(instance, "status.phase");
        root.out.println("instance/" + name + " undeleted" + (phase == null ? "" : " (phase " + phase + ")"));
        return ExitCode.OK;
    }
}
