package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.YamlDocument;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code describe instance NAME}: spec, status, conditions, recent events and the next plan. */
@Command(name = "describe", description = "Show one instance in detail: spec, status, conditions, events, plan.")
final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "What to describe: ${COMPLETION-CANDIDATES}.")
    GetCommand.Resource resource;

    @Parameters(index = "1", description = "The instance's name.")
    String name;

    @Option(names = "--events", defaultValue = "10", description = "How many recent events (default ${DEFAULT-VALUE}).")
    int events;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        String path = "/api/v1/instances/" + ApiClient.encode(name);
        Map<String, Object> instance = api.get(path);
        PrintWriter out = root.out;
        out.println("Name:         " + instance.get("name"));
        out.println("UID:          " + instance.get("uid"));
        out.println("Generation:   " + instance.get("generation") + " (observed "
                + Trees.at(instance, "status.observedGeneration") + ")");
        out.println("Phase:        " + Trees.at(instance, "status.phase"));
        out.println("Host:         " + orNone(Trees.at(instance, "status.host")));
        out.println("Created:      " + instance.get("createdAt"));
        if (instance.get("deletionRequestedAt") != null) {
            out.println("Deleted:      " + instance.get("deletionRequestedAt") + (instance.get("purgeStartedAt") != null
                    ? "; purge began " + instance.get("purgeStartedAt")
                    : "; purged at " + instance.get("purgeAt") + " unless undeleted (mindroomctl undelete " + name + ")"));
        }
        Object error = Trees.at(instance, "status.lastError");
        if (error != null) {
            out.println("Last error:   " + Trees.at(instance, "status.lastError.code") + ": "
                    + Trees.at(instance, "status.lastError.message"));
        }
        section(out, "Spec", instance.get("spec"));
        section(out, "URLs", Trees.at(instance, "status.urls"));
        out.println("Conditions:");
        Table conditions = new Table("  TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
        for (Object c : Trees.list(Trees.at(instance, "status.conditions"))) {
            Map<String, Object> condition = Trees.map(c);
            conditions.add("  " + condition.get("type"), condition.get("status"), condition.get("reason"),
                    condition.get("lastTransitionTime"), condition.get("message"));
        }
        conditions.print(out);
        out.println("Events:");
        List<?> recent = Trees.list(api.get(path + "/events?limit=" + Math.max(1, Math.min(events, 1000)))
                .get("items"));
        Table table = new Table("  AT", "TYPE", "REASON", "ACTOR", "MESSAGE");
        recent.forEach(e -> {
            Map<String, Object> event = Trees.map(e);
            table.add("  " + event.get("at"), event.get("type"), event.get("reason"), event.get("actor"),
                    event.get("message"));
        });
        table.print(out);
        out.println("Next plan:");
        ApiClient.Reply plan = api.send("GET", path + "/plan", null, "application/json");
        if (plan.status() >= 400) {
            out.println("  unavailable: " + ApiClient.problem(plan));
        } else {
            PlanCommand.printPlan(out, ApiClient.object(plan), "  ");
        }
        return ExitCode.OK;
    }

    private static String orNone(Object value) {
        return value == null ? "<none>" : value.toString();
    }

    private static void section(PrintWriter out, String title, Object tree) {
        out.println(title + ":");
        if (tree == null || (tree instanceof Map<?, ?> m && m.isEmpty()) || (tree instanceof List<?> l && l.isEmpty())) {
            out.println("  <none>");
            return;
        }
        for (String line : YamlDocument.write(tree).split("\n")) {
            out.println("  " + line);
        }
    }
}
