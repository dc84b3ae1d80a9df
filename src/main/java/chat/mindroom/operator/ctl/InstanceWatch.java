package chat.mindroom.operator.ctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code get instances --watch}: the API has no watch stream, so this polls the listing every
 * interval and prints a row for each instance that appeared or changed (phase, host, generations,
 * Ready, resource version) and a DELETED row for each that disappeared. Runs until interrupted.
 */
final class InstanceWatch {

    private static final String ROW = "%-24s %-13s %-12s %-12s %-11s %s";

    private InstanceWatch() {
    }

    static int run(ApiClient api, PrintWriter out, String tier, String phase, Duration interval) {
        out.println(String.format(ROW, "NAME", "TIER", "PHASE", "HOST", "GENERATION", "READY").stripTrailing());
        Map<String, String> seen = new HashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            List<Map<String, Object>> items;
            try {
                items = GetCommand.list(api, tier, phase);
            } catch (CommandFailure e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                throw e;
            }
            HashSet<String> gone = new HashSet<>(seen.keySet());
            for (Map<String, Object> item : items) {
                String name = String.valueOf(item.get("name"));
                gone.remove(name);
                String row = String.format(ROW, name, Trees.at(item, "spec.tier"), Trees.at(item, "status.phase"),
                        orNone(Trees.at(item, "status.host")), item.get("generation") + "/"
                                + Trees.at(item, "status.observedGeneration"), orNone(GetCommand.ready(item)))
                        .stripTrailing();
                String state = row + " " + item.get("resourceVersion");
                if (!state.equals(seen.put(name, state))) {
                    out.println(row);
                }
            }
            for (String name : gone) {
                seen.remove(name);
                out.println(String.format(ROW, name, "", "DELETED", "", "", "").stripTrailing());
            }
            out.flush();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ExitCode.OK;
    }

    private static Object orNone(Object value) {
        return value == null ? "<none>" : value;
    }
}
