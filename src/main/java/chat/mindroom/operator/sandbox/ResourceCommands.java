package chat.mindroom.operator.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The resource plugin's commands: {@code resource:limit}, {@code resource:reserve}, {@code resource:limit-clear}. */
final class ResourceCommands {

    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "memory-swap", "network",
            "network-ingress", "network-egress", "nvidia-gpu");

    private final AppLookup apps;

    ResourceCommands(AppLookup apps) {
        this.apps = apps;
    }

    /** Sets (or with no key flag, shows) an app's limits ({@code kind} "limit") or reservations ("reserve"). */
    Answer limit(List<String> args, String kind) {
        Map<String, String> changes = new LinkedHashMap<>();
        String processType = "_default_";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--process-type") && i + 1 < args.size()) {
                processType = args.get(++i);
            } else if (arg.startsWith("--") && RESOURCE_KEYS.contains(arg.substring(2)) && i + 1 < args.size()) {
                changes.put(arg.substring(2), args.get(++i));
            } else if (arg.startsWith("--")) {
                return Answer.fail(2, "unknown flag: " + arg + "\n");
            } else {
                rest.add(arg);
            }
        }
        String type = processType;
        return apps.withApp(rest, app -> {
            if (changes.isEmpty()) {
                StringBuilder out = new StringBuilder("=====> resource " + kind + "s " + app.name
                        + " information [defaults]\n");
                for (String key : List.of("cpu", "memory", "memory-swap", "network", "network-ingress", "network-egress",
                        "nvidia-gpu")) {
                    out.append("       ").append(key).append(": ")
                            .append(app.resources.getOrDefault(type + "." + kind + "." + key, "")).append('\n');
                }
                return Answer.ok(out.toString());
            }
            StringBuilder out = new StringBuilder("=====> Setting resource " + (kind.equals("limit") ? "limits"
                    : "reservations") + " for " + app.name + "\n");
            changes.forEach((k, v) -> {
                if (v.equals("clear")) {
                    app.resources.remove(type + "." + kind + "." + k);
                } else {
                    app.resources.put(type + "." + kind + "." + k, v);
                }
                out.append("       ").append(k).append(": ").append(v).append('\n');
            });
            return Answer.ok(out.toString());
        });
    }

    Answer clear(List<String> args) {
        return apps.withApp(args, app -> {
            app.resources.clear();
            return Answer.ok("=====> clearing " + app.name + " limits\n");
        });
    }
}
