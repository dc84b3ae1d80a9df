package chat.mindroom.operator.notify;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.store.CredentialsKey;
import chat.mindroom.operator.store.NotificationRoute;
import chat.mindroom.operator.webhook.WebhookSignature;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * A receiver of status notifications: its name, URL, signing secret(s), the types it wants (all when
 * empty) and the public key credentials are encrypted with for it (without one it never gets them).
 */
public record Endpoint(String name, URI url, WebhookSignature signature, Set<String> types,
                       Optional<CredentialsKey> credentialsKey) {

    public Endpoint {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(signature, "signature is null");
        types = Set.copyOf(types);
        requireNonNull(credentialsKey, "credentialsKey is null");
    }

    public NotificationRoute route() {
        return new NotificationRoute(name, url.toString(), types, credentialsKey);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Endpoint[" + name + " " + url + " " + (types.isEmpty() ? "all types" : types)
                + credentialsKey.map(k -> " credentials for kid " + k.kid()).orElse("") + "]";
    }
}
