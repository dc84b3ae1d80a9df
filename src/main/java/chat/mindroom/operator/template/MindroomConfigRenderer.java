package chat.mindroom.operator.template;

import chat.mindroom.operator.document.YamlDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the MindRoom agent configuration of one tier: its agents (each keeping only the tools the
 * tier has), its models, its tools and its message limit. Pure and deterministic.
 */
final class MindroomConfigRenderer {

    private MindroomConfigRenderer() {
    }

    static String render(Tier tier, AgentCatalog catalog) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tier", tier.name());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("messagesPerDay", tier.messagesPerDay().<Object>map(Long::valueOf).orElse("unlimited"));
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
        return YamlDocument.write(config);
    }
}
