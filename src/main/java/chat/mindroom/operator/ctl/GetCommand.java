package chat.mindroom.operator.ctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code get instances [NAME] [-o wide|yaml|json]}: every page of the listing, or one instance. */
@Command(name = "get", description = "List instances (or show one) as a table, YAML or JSON.")
final class GetCommand implements Callable<Integer> {

    enum Resource { instances, instance }

    enum Output { wide, yaml, json }

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "What to get: ${COMPLETION-CANDIDATES}.")
    Resource resource;

    @Parameters(index = "1", arity = "0..1", description = "One instance's name.")
    String name;

    @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES}.")
    Output output;

    @Option(names = "--tier", description = "Only instances of this tier.")
    String tier;

    @Option(names = "--phase", description = "Only instances in this phase.")
    String phase;

    @Option(names = {"-w", "--watch"}, description = "After the listing, print a row whenever an instance changes"
            + " (follows the API's watch stream, resuming where it left off; Ctrl-C stops).")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2", description = "Seconds --watch waits before reconnecting"
            + " (default ${DEFAULT-VALUE}).")
    int interval;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        if (watch) {
            if (name != null || output != null) {
                throw new CommandFailure(ExitCode.USAGE, "--watch lists all instances as a table (no NAME, no -o)");
            }
            if (interval < 1) {
                throw new CommandFailure(ExitCode.USAGE, "--interval: must be at least 1 second");
            }
            return InstanceWatch.run(api, root.out, tier, phase, Duration.ofSeconds(interval));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        if (name != null) {
            items.add(api.get("/api/v1/instances/" + ApiClient.encode(name)));
        } else {
            items.addAll(list(api, tier, phase));
        }
        if (output == Output.yaml || output == Output.json) {
            Object tree = name != null ? items.get(0) : Map.of("items", items);
            Trees.print(root.out, tree, output.name());
            return ExitCode.OK;
        }
        if (items.isEmpty()) {
            root.err.println("No instances found.");
            return ExitCode.OK;
        }
        Table table = output == Output.wide
                ? new Table("NAME", "TIER", "PHASE", "HOST", "GENERATION", "OBSERVED", "READY", "ACCOUNT", "URLS",
                        "LAST-ERROR")
                : new Table("NAME", "TIER", "PHASE", "HOST", "GENERATION", "READY");
        for (Map<String, Object> item : items) {
            Object ready = ready(item);
            if (output == Output.wide) {
                Object error = Trees.at(item, "status.lastError.code");
                table.add(item.get("name"), Trees.at(item, "spec.tier"), Trees.at(item, "status.phase"),
                        Trees.at(item, "status.host"), item.get("generation"),
                        Trees.at(item, "status.observedGeneration"), ready, Trees.at(item, "spec.account"),
                        urls(item), error);
            } else {
                table.add(item.get("name"), Trees.at(item, "spec.tier"), Trees.at(item, "status.phase"),
                        Trees.at(item, "status.host"), item.get("generation"), ready);
            }
        }
        table.print(root.out);
        return ExitCode.OK;
    }

    /** Every page, following nextCursor. */
    static List<Map<String, Object>> list(ApiClient api, String tier, String phase) {
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", "1000");
        if (tier != null) {
            query.put("tier", tier);
        }
        if (phase != null) {
            query.put("phase", phase);
        }
        while (true) {
            Map<String, Object> page = api.get(ApiClient.path("/api/v1/instances", query));
            Trees.list(page.get("items")).forEach(i -> items.add(Trees.map(i)));
            Object next = page.get("nextCursor");
            if (next == null) {
                return items;
            }
            query.put("cursor", next.toString());
        }
    }

    static Object ready(Map<String, Object> item) {
        for (Object condition : Trees.list(Trees.at(item, "status.conditions"))) {
            Map<String, Object> c = Trees.map(condition);
            if ("Ready".equals(c.get("type"))) {
                return c.get("status");
            }
        }
        return null;
    }

    private static Object urls(Map<String, Object> item) {
        Object urls = Trees.at(item, "status.urls");
        if (urls instanceof Map<?, ?> m && !m.isEmpty()) {
            return String.join(",", m.values().stream().map(String::valueOf).toList());
        }
        if (urls instanceof List<?> l && !l.isEmpty()) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return null;
    }
}
