package chat.mindroom.operator.ctl;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hosts orphans HOST}: apps and services on a host that no live instance owns, or that conflict. */
@Command(name = "orphans", description = "List a host's orphaned and conflicting apps and services.")
final class HostOrphansCommand implements Callable<Integer> {

    enum Output { yaml, json }

    @ParentCommand
    HostsCommand hosts;

    @Parameters(index = "0", description = "The host's name (see mindroomctl hosts).")
    String host;

    @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES} (default: a table).")
    Output output;

    @Override
    public Integer call() {
        Mindroomctl root = hosts.root;
        Map<String, Object> page = root.api().get("/api/v1/hosts/" + ApiClient.encode(host) + "/orphans");
        if (output != null) {
            Trees.print(root.out, page, output.name());
            return ExitCode.OK;
        }
        Table table = new Table("KIND", "NAME", "INSTANCE", "STATUS", "REASON");
        for (Object e : Trees.list(page.get("items"))) {
            Map<String, Object> entry = Trees.map(e);
            Object kind = entry.get("service") == null ? entry.get("kind") : entry.get("service");
            table.add(kind, entry.get("name"), entry.get("instance"), entry.get("status"), entry.get("reason"));
        }
        table.print(root.out);
        root.out.println("Observed " + page.get("observedAt") + "; " + page.get("others")
                + " other object(s) not named like the operator's are not listed.");
        return ExitCode.OK;
    }
}
