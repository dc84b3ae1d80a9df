package chat.mindroom.operator.ctl;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code delete NAME}: sets the deletion tombstone; the loop tears the instance down. */
@Command(name = "delete", description = "Request an instance's deletion (a final backup is taken first).")
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "The instance's name.")
    String name;

    @Option(names = "--grace", description = "How long it stays Terminating (undeletable) before the purge:"
            + " 0, 30s, 15m, 12h, 7d or ISO-8601 (P7D). Default: the operator's.")
    String grace;

    @Override
    public Integer call() {
        String path = "/api/v1/instances/" + ApiClient.encode(name);
        Map<String, Object> instance = root.api().delete(grace == null ? path
                : ApiClient.path(path, Map.of("grace", grace)));
        Object purgeAt = instance.get("purgeAt");
        root.out.println("instance/" + name + " deletion requested" + (purgeAt == null ? "" : "; purge at " + purgeAt));
        return ExitCode.OK;
    }
}
