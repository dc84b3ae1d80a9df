package chat.mindroom.operator.notify;

import chat.mindroom.operator.store.NotificationRoute;
import java.util.List;
import java.util.Optional;

/** The configured notification endpoints (none: notifications are neither written nor sent). */
public record EndpointList(List<Endpoint> endpoints) {

    public EndpointList {
        endpoints = List.copyOf(endpoints);
    }

    public List<NotificationRoute> routes() {
        return endpoints.stream().map(Endpoint::route).toList();
    }

    public Optional<Endpoint> named(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
