package chat.mindroom.operator.notify;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.store.NotificationRoute;
import chat.mindroom.operator.webhook.WebhookSignature;
import java.net.URI;
import java.util.Set;

/** A receiver of status notifications: its name, URL, signing secret(s) and the types it wants (all when empty). */
public record Endpoint(String name, URI url, WebhookSignature signature, Set<String> types) {

    public Endpoint {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(signature, "signature is null");
        types = Set.copyOf(types);
    }

    public NotificationRoute route() {
        return new NotificationRoute(name, url.toString(), types);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Endpoint[" + name + " " + url + " " + (types.isEmpty() ? "all types" : types) + "]";
    }
}
