package chat.mindroom.operator.ctl;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code plan NAME}: the Dokku commands the next reconcile pass would run, nothing executed. */
@Command(name = "plan", description = "Show what the next reconcile pass would do to one instance.")
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "The instance's name.")
    String name;

    @Option(names = {"-o", "--output"}, description = "yaml or json instead of text.")
    String output;

    @Override
    public Integer call() {
        Map<String, Object> plan = root.api().get("/api/v1/instances/" + ApiClient.encode(name) + "/plan");
        if ("yaml".equals(output) || "json".equals(output)) {
            Trees.print(root.out, plan, output);
        } else {
            printPlan(root.out, plan, "");
        }
        return ExitCode.OK;
    }

    static void printPlan(PrintWriter out, Map<String, Object> plan, String indent) {
        out.println(indent + "host " + plan.get("host") + ", generation " + plan.get("generation")
                + (Boolean.TRUE.equals(plan.get("converged")) ? ": converged, nothing to do" : ":"));
        for (Object a : Trees.list(plan.get("actions"))) {
            Map<String, Object> action = Trees.map(a);
            out.println(indent + "  " + (Boolean.TRUE.equals(action.get("destructive")) ? "! " : "- ")
                    + action.get("command"));
        }
        for (Object conflict : Trees.list(plan.get("conflicts"))) {
            out.println(indent + "  conflict: " + conflict);
        }
        for (Object drift : Trees.list(plan.get("drift"))) {
            out.println(indent + "  drift: " + drift);
        }
    }
}
