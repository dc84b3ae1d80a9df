package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.spec.InstanceName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one instance should have on its Dokku host, keyed by Dokku name. All collections are
 * sorted, so equal states are equal values and print to identical bytes.
 */
public record DesiredState(
        InstanceName instance,
        SortedMap<String, DesiredApp> apps,
        SortedMap<String, DesiredService> services,
        SortedSet<String> storage) {

    public DesiredState {
        requireNonNull(instance, "instance is null");
        apps = Collections.unmodifiableSortedMap(new TreeMap<>(apps));
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        storage = Collections.unmodifiableSortedSet(new TreeSet<>(storage));
    }

    /** What a tombstoned instance renders to: nothing at all. */
    public static DesiredState nothing(InstanceName instance) {
        return new DesiredState(instance, new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
    }

    /** A document of the whole state with secrets shown as references, never as values. */
    public Map<String, Object> toTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("instance", instance.value());
        Map<String, Object> appTree = new LinkedHashMap<>();
        apps.forEach((name, app) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("role", app.role());
            a.put("image", app.image());
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("memory", app.limits().dokkuMemory());
            limits.put("cpu", app.limits().dokkuCpu());
            a.put("limits", limits);
            a.put("domains", new ArrayList<>(app.domains()));
            List<String> mounts = app.mounts().stream().map(Mount::dokkuForm).toList();
            a.put("mounts", mounts);
            Map<String, Object> env = new LinkedHashMap<>();
            app.env().forEach((k, v) -> env.put(k, v.display()));
            a.put("env", env);
            appTree.put(name, a);
        });
        tree.put("apps", appTree);
        Map<String, Object> serviceTree = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("kind", service.kind().key());
            s.put("linkedApps", new ArrayList<>(service.linkedApps()));
            serviceTree.put(name, s);
        });
        tree.put("services", serviceTree);
        tree.put("storage", new ArrayList<>(storage));
        return tree;
    }

    public String toYaml() {
        return YamlDocument.write(toTree());
    }
}
