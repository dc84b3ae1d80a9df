package chat.mindroom.operator.template;

import chat.mindroom.operator.spec.ServiceKind;
import static java.util.Objects.requireNonNull;

import java.util.List;

/** A database or cache service of the topology, linked to the apps named by key. */
public record ServiceTemplate(ServiceKind kind, String name, List<String> links) {

    public ServiceTemplate {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        links = List.copyOf(links);
    }
}
