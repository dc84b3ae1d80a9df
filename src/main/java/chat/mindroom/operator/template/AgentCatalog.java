package chat.mindroom.operator.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code templates/mindroom-config.yaml}: models, tools and agents, in file order. Model and tool
 * entries and the defaults are passed through to the rendered configuration as they are.
 */
public record AgentCatalog(
        Map<String, Object> models,
        Map<String, Object> tools,
        Map<String, AgentTemplate> agents,
        Map<String, Object> defaults) {

    public AgentCatalog {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
        agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }
}
