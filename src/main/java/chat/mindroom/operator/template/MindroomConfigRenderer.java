package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.spec.MessageQuota;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the MindRoom agent configuration of one instance: its tier's agents (each keeping only
 * the tools the tier has), models and tools, its effective limits, and then the spec's
 * {@code configOverrides} merged in as an RFC 7386 merge patch (objects merge key by key, a null
 * removes a key, any other value replaces). {@code tier} and {@code limits} are never overridden:
 * the spec reader refuses them. Pure and deterministic.
 */
final class MindroomConfigRenderer {

    /** The limits MindRoom itself enforces: the tier's, with the spec's overrides applied. */
    record Limits(MessageQuota messagesPerDay, int agents, Optional<Integer> storageGb) {
        Limits {
            requireNonNull(messagesPerDay, "messagesPerDay is null");
            requireNonNull(storageGb, "storageGb is null");
        }
    }

    private MindroomConfigRenderer() {
    }

    static String render(Tier tier, AgentCatalog catalog, Limits effective, Map<String, Object> overrides) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tier", tier.name());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("messagesPerDay", effective.messagesPerDay().toTreeValue());
        limits.put("agents", (long) effective.agents());
        effective.storageGb().ifPresent(gb -> limits.put("storageGb", (long) gb));
        config.put("limits", limits);
        Map<String, Object> models = new LinkedHashMap<>();
        tier.models().forEach(m -> models.put(m, catalog.models().get(m)));
        config.put("models", models);
        config.put("defaultModel", tier.models().get(0));
        Map<String, Object> tools = new LinkedHashMap<>();
        tier.tools().forEach(t -> tools.put(t, catalog.tools().get(t)));
        config.put("tools", tools);
        Map<String, Object> agents = new LinkedHashMap<>();
        for (String name : tier.agents()) {
            AgentTemplate agent = catalog.agents().get(name);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("displayName", agent.displayName());
            a.put("role", agent.role());
            String model = agent.model().filter(tier.models()::contains).orElse(tier.models().get(0));
            a.put("model", model);
            List<String> agentTools = agent.tools().stream().filter(tier.tools()::contains).toList();
            a.put("tools", agentTools);
            agents.put(name, a);
        }
        config.put("agents", agents);
        if (!catalog.defaults().isEmpty()) {
            config.put("defaults", catalog.defaults());
        }
        return YamlDocument.write(mergePatch(config, overrides));
    }

    /** RFC 7386: {@code patch} applied to {@code target}; neither is changed. */
    static Object mergePatch(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> patchMap)) {
            return patch;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (target instanceof Map<?, ?> targetMap) {
            targetMap.forEach((key, value) -> result.put(String.valueOf(key), value));
        }
        patchMap.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (value == null) {
                result.remove(name);
            } else {
                result.put(name, mergePatch(result.get(name), value));
            }
        });
        return result;
    }
}
