package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** Where the outbox sends notifications of the given types (all types when empty): an endpoint's name and URL. */
public record NotificationRoute(String endpoint, String url, Set<String> types) {

    public NotificationRoute {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(url, "url is null");
        types = Set.copyOf(types);
    }

    public boolean takes(String type) {
        return types.isEmpty() || types.contains(type);
    }
}
