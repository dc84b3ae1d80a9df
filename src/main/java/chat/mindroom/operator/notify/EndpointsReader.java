package chat.mindroom.operator.notify;

import chat.mindroom.operator.config.NotifySettings;
import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.store.CredentialsKey;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.webhook.WebhookSignature;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the notification endpoints: {@code OPERATOR_NOTIFY_URL} with {@code OPERATOR_NOTIFY_SECRET}
 * (endpoint {@code default}, every type) and the {@code endpoints} list of the YAML file named by
 * {@code OPERATOR_NOTIFY_FILE} (where an endpoint may also hold a {@code credentialsKey}). A mistake
 * stops startup naming the setting or the file and field; a secret never appears in a message.
 */
public final class EndpointsReader {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    private static final Set<String> FIELDS = Set.of("name", "url", "secret", "types", "credentialsKey");

    private EndpointsReader() {
    }

    public static List<Endpoint> read(NotifySettings settings) {
        List<Endpoint> endpoints = new ArrayList<>();
        boolean url = settings.url() != null && !settings.url().isBlank();
        boolean secret = settings.secret() != null && !settings.secret().isBlank();
        if (url != secret) {
            throw new ConfigurationException("OPERATOR_NOTIFY_URL and OPERATOR_NOTIFY_SECRET go together: set both");
        }
        if (url) {
            endpoints.add(new Endpoint("default", uri(settings.url().strip(), "OPERATOR_NOTIFY_URL"),
                    signature(settings.secret(), "OPERATOR_NOTIFY_SECRET"), Set.of(), Optional.empty()));
        }
        if (settings.file() != null && !settings.file().isBlank()) {
            endpoints.addAll(file(Path.of(settings.file())));
        }
        Set<String> names = new LinkedHashSet<>();
        for (Endpoint e : endpoints) {
            if (!names.add(e.name())) {
                throw new ConfigurationException("notification endpoint '" + e.name() + "' is configured twice");
            }
        }
        return List.copyOf(endpoints);
    }

    private static List<Endpoint> file(Path path) {
        Object tree;
        try {
            tree = YamlDocument.parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new ConfigurationException("OPERATOR_NOTIFY_FILE: cannot read " + path + ": " + e.getMessage());
        } catch (DocumentException e) {
            throw new ConfigurationException(path + ": not valid YAML: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> root) || !(root.get("endpoints") instanceof List<?> list)
                || root.size() != 1) {
            throw new ConfigurationException(path + ": expected one key, endpoints, holding a list");
        }
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = path + ": endpoints[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new ConfigurationException(where + ": expected name, url, secret, optional types and credentialsKey");
            }
            for (Object key : entry.keySet()) {
                if (!FIELDS.contains(String.valueOf(key))) {
                    throw new ConfigurationException(where + "." + key + ": unknown field");
                }
            }
            String name = text(entry, "name", where);
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationException(where + ".name: 1-63 lower-case letters, digits and ._- please");
            }
            Set<String> types = types(entry.get("types"), where);
            Optional<CredentialsKey> key = credentialsKey(entry, where);
            if (types.contains(NewNotification.CREDENTIALS) && key.isEmpty()) {
                throw new ConfigurationException(where + ".types: " + NewNotification.CREDENTIALS
                        + " is sent only to an endpoint with a credentialsKey (the public key it is encrypted for)");
            }
            out.add(new Endpoint(name, uri(text(entry, "url", where), where + ".url"),
                    signature(text(entry, "secret", where), where + ".secret"), types, key));
        }
        return out;
    }

    private static String text(Map<?, ?> entry, String field, String where) {
        if (!(entry.get(field) instanceof String value) || value.isBlank()) {
            throw new ConfigurationException(where + "." + field + ": required text");
        }
        return value.strip();
    }

    private static Set<String> types(Object value, String where) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigurationException(where + ".types: a non-empty list of " + NewNotification.TYPES);
        }
        Set<String> types = new LinkedHashSet<>();
        for (Object type : list) {
            if (!NewNotification.TYPES.contains(String.valueOf(type))) {
                throw new ConfigurationException(where + ".types: unknown type '" + type + "' (one of "
                        + NewNotification.TYPES + ")");
            }
            types.add(String.valueOf(type));
        }
        return types;
    }

    /** Absent: the endpoint never gets credentials. Present: a PEM RSA public key of 2048 bits or more. */
    private static Optional<CredentialsKey> credentialsKey(Map<?, ?> entry, String where) {
        if (!entry.containsKey("credentialsKey")) {
            return Optional.empty();
        }
        String pem = text(entry, "credentialsKey", where);
        try {
            return Optional.of(CredentialsKey.fromPem(pem));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ".credentialsKey: " + e.getMessage());
        }
    }

    private static URI uri(String value, String where) {
        try {
            URI uri = new URI(value);
            if ((uri.getScheme() == null || !uri.getScheme().matches("https?")) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                throw new ConfigurationException(where + ": must be an http or https URL without credentials");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException(where + ": not a URL: " + e.getReason());
        }
    }

    private static WebhookSignature signature(String secrets, String where) {
        try {
            return WebhookSignature.ofSecrets(secrets);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": " + e.getMessage());
        }
    }
}
