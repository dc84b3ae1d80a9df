package chat.mindroom.operator.ctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code events}: the fleet-wide audit trail (GET /api/v1/events), newest first. */
@Command(name = "events", description = "Show the audit trail of the fleet or one instance, newest first.")
final class EventsCommand implements Callable<Integer> {

    enum Output { yaml, json, jsonl, csv }

    @ParentCommand
    Mindroomctl root;

    @Option(names = "--instance", description = "Only this instance's events.")
    String instance;

    @Option(names = "--actor", description = "Only events caused by this token name (or reconciler).")
    String actor;

    @Option(names = "--reason", description = "Only events with this reason, e.g. SpecChanged.")
    String reason;

    @Option(names = "--type", description = "Normal or Warning.")
    String type;

    @Option(names = "--since", description = "RFC 3339 time, inclusive.")
    String since;

    @Option(names = "--until", description = "RFC 3339 time, exclusive.")
    String until;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many events (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES} (default: a table).")
    Output output;

    @Option(names = {"-f", "--follow"}, description = "After the listing, keep printing newer events as they come"
            + " (a line each; JSON lines with -o json or jsonl) until interrupted.")
    boolean follow;

    @Option(names = "--interval", defaultValue = "2", description = "Seconds between polls with --follow"
            + " (default ${DEFAULT-VALUE}).")
    double interval;

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        put(query, "instance", instance);
        put(query, "actor", actor);
        put(query, "reason", reason);
        put(query, "type", type);
        put(query, "since", since);
        put(query, "until", until);
        if (follow) {
            return follow(query);
        }
        query.put("limit", String.valueOf(limit));
        if (output == Output.jsonl || output == Output.csv) {
            query.put("format", output.name());
            root.out.print(root.api().getText(ApiClient.path("/api/v1/events", query), "*/*"));
            return ExitCode.OK;
        }
        Map<String, Object> page = root.api().get(ApiClient.path("/api/v1/events", query));
        if (output != null) {
            Trees.print(root.out, page, output.name());
            return ExitCode.OK;
        }
        Table table = new Table("AT", "INSTANCE", "TYPE", "REASON", "ACTOR", "MESSAGE");
        for (Object e : Trees.list(page.get("items"))) {
            Map<String, Object> event = Trees.map(e);
            table.add(event.get("at"), event.get("instance"), event.get("type"), event.get("reason"),
                    event.get("actor"), event.get("message"));
        }
        table.print(root.out);
        return ExitCode.OK;
    }

    private int follow(Map<String, String> filters) {
        if (output == Output.yaml || output == Output.csv) {
            throw new CommandFailure(ExitCode.USAGE, "--follow prints a table, or JSON lines with -o json or jsonl");
        }
        if (!(interval > 0)) {
            throw new CommandFailure(ExitCode.USAGE, "--interval must be more than 0 seconds");
        }
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("limit", String.valueOf(limit));
        List<Map<String, Object>> recent = new ArrayList<>();
        Trees.list(root.api().get(ApiClient.path("/api/v1/events", query)).get("items"))
                .forEach(e -> recent.add(0, Trees.map(e)));
        long last = recent.isEmpty() ? 0 : EventFollower.id(recent.get(recent.size() - 1));
        boolean json = output != null;
        EventFollower follower = new EventFollower(root.api(), filters, root.out, json);
        recent.forEach(follower::print);
        follower.skipTo(last);
        follower.run(Duration.ofMillis((long) (interval * 1000)));
        return ExitCode.OK;
    }

    private static void put(Map<String, String> query, String key, String value) {
        if (value != null) {
            query.put(key, value);
        }
    }
}
