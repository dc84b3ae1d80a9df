package chat.mindroom.operator.api;

import chat.mindroom.operator.dokku.HostSnapshot;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.store.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which apps and services of one host's snapshot no live instance owns (orphans), and which sit
 * under a live instance's names without being its own (conflicts, as its last pass reported them).
 * Objects not named like the operator's ({@code mr-<instance>-<role>}) are someone else's business:
 * counted, not listed. Pure: the snapshot and an instance lookup in, entries out.
 */
final class HostOrphans {

    static final String ORPHAN = "orphan";
    static final String CONFLICT = "conflict";

    private final String host;
    private final Function<InstanceName, Optional<Instance>> instances;
    private final Map<String, Optional<Instance>> seen = new HashMap<>();
    private int others;

    HostOrphans(String host, Function<InstanceName, Optional<Instance>> instances) {
        this.host = host;
        this.instances = instances;
    }

    /** The listed entries, apps first, each in name order. */
    List<Map<String, Object>> entries(HostSnapshot snapshot) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String app : snapshot.apps().keySet()) {
            classify("app", null, app).ifPresent(out::add);
        }
        for (ServiceKind kind : ServiceKind.values()) {
            for (String service : snapshot.services().getOrDefault(kind, Set.of()).stream().sorted()
                    .toList()) {
                classify("service", kind.key(), service).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Objects on the host not named like the operator's, left out of the list. */
    int others() {
        return others;
    }

    /** {@code mr-<instance>-<role>} to the instance's name. */
    static Optional<String> instanceOf(String object) {
        int role = object.lastIndexOf('-');
        if (!object.startsWith("mr-") || role <= 3) {
            return Optional.empty();
        }
        String name = object.substring(3, role);
        return InstanceName.problem(name).isPresent() ? Optional.empty() : Optional.of(name);
    }

    private Optional<Map<String, Object>> classify(String kind, String service, String name) {
        if (!name.startsWith("mr-")) {
            others++;
            return Optional.empty();
        }
        Optional<String> owner = instanceOf(name);
        if (owner.isEmpty()) {
            return Optional.of(entry(kind, service, name, null, ORPHAN,
                    "named like the operator's objects, but for no valid instance name"));
        }
        Optional<Instance> instance = seen.computeIfAbsent(owner.get(), n -> instances.apply(new InstanceName(n)));
        if (instance.isEmpty()) {
            return Optional.of(entry(kind, service, name, owner.get(), ORPHAN,
                    "no instance named " + owner.get() + " exists"));
        }
        Instance live = instance.get();
        if (live.status().phase() == Phase.Deleted) {
            return Optional.of(entry(kind, service, name, owner.get(), ORPHAN, "instance " + owner.get()
                    + " is deleted" + live.status().lastReconcileAt().map(t -> " (since " + t + ")").orElse("")
                    + "; this was left behind"));
        }
        Optional<String> placed = live.status().host();
        if (placed.isPresent() && !placed.get().equals(host)) {
            return Optional.of(entry(kind, service, name, owner.get(), ORPHAN,
                    "instance " + owner.get() + " runs on host " + placed.get() + ", not here"));
        }
        return conflict(live, name).map(reason -> entry(kind, service, name, owner.get(), CONFLICT, reason));
    }

    /** The part of the instance's Conflict condition that names this object, if its last pass reported one. */
    private static Optional<String> conflict(Instance instance, String name) {
        for (Condition condition : instance.status().conditions()) {
            if (!condition.reason().equals("Conflict")) {
                continue;
            }
            for (String part : condition.message().split("; ")) {
                if (part.startsWith(name + " exists") || part.contains(" service " + name + " exists")) {
                    return Optional.of(part);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> entry(String kind, String service, String name, String instance,
                                             String status, String reason) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("kind", kind);
        tree.put("service", service);
        tree.put("name", name);
        tree.put("instance", instance);
        tree.put("status", status);
        tree.put("reason", reason);
        return tree;
    }
}
