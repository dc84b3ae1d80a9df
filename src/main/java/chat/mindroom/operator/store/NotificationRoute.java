package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * Where the outbox sends notifications of the given types (all types when empty): an endpoint's name
 * and URL, and the key credentials are encrypted with for it. Only an endpoint with a key takes
 * {@code instance.credentials}, whatever its types say.
 */
public record NotificationRoute(String endpoint, String url, Set<String> types, Optional<CredentialsKey> credentialsKey) {

    public NotificationRoute {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(url, "url is null");
        types = Set.copyOf(types);
        requireNonNull(credentialsKey, "credentialsKey is null");
    }

    public NotificationRoute(String endpoint, String url, Set<String> types) {
        this(endpoint, url, types, Optional.empty());
    }

    public boolean takes(String type) {
        if (type.equals(NewNotification.CREDENTIALS) && credentialsKey.isEmpty()) {
            return false;
        }
        return types.isEmpty() || types.contains(type);
    }
}
