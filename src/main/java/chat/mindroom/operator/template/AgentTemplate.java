package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** One agent of {@code templates/mindroom-config.yaml}. */
public record AgentTemplate(String name, String displayName, String role, List<String> tools, Optional<String> model) {

    public AgentTemplate {
        requireNonNull(name, "name is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(role, "role is null");
        tools = List.copyOf(tools);
        requireNonNull(model, "model is null");
    }
}
