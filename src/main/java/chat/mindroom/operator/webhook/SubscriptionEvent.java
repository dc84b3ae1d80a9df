package chat.mindroom.operator.webhook;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.document.Excerpt;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.SpecReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A subscription event of the SaaS platform, in the Standard Webhooks payload shape
 * {@code {"type", "timestamp", "data": {...}}}. {@code data} carries the subscription and account
 * ids, the instance name, the tier, and optionally {@code limits}, {@code matrix} and
 * {@code configOverrides}, which are kept as written for the spec reader.
 *
 * @param specFields the spec fields the event sets: tier, account, subscriptionId and those of the
 *                   optional ones it carries
 */
public record SubscriptionEvent(Type type, String subscriptionId, InstanceName instance,
                                Map<String, Object> specFields) {

    /** The event types this endpoint acts on. */
    public enum Type {
        CREATED("subscription.created"),
        UPDATED("subscription.updated"),
        CANCELED("subscription.canceled");

        private final String key;

        Type(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Optional<Type> fromKey(Object key) {
            return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
        }
    }

    private static final Set<String> TOP_FIELDS = Set.of("type", "timestamp", "data");
    private static final Set<String> DATA_FIELDS = Set.of("subscriptionId", "accountId", "instance", "tier", "limits",
            "matrix", "configOverrides");
    private static final List<String> OPTIONAL_SPEC_FIELDS = List.of("limits", "matrix", "configOverrides");

    public SubscriptionEvent {
        requireNonNull(type, "type is null");
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(instance, "instance is null");
        specFields = Collections.unmodifiableMap(new LinkedHashMap<>(specFields));
    }

    /** The event, or empty after adding every failing field (named as in the payload: {@code data.tier}). */
    public static Optional<SubscriptionEvent> read(Object document, List<FieldError> errors) {
        if (!(document instanceof Map<?, ?> root)) {
            errors.add(new FieldError("$", "the body must be an object with type, timestamp and data"));
            return Optional.empty();
        }
        int before = errors.size();
        SpecReader.rejectUnknown(root, TOP_FIELDS, "", errors);
        Optional<Type> type = Type.fromKey(root.get("type"));
        if (type.isEmpty()) {
            errors.add(new FieldError("type", "must be one of " + Arrays.stream(Type.values()).map(Type::key).toList()
                    + ", got " + Excerpt.of(root.get("type"))));
        }
        if (!(root.get("timestamp") instanceof String timestamp) || !isInstant(timestamp)) {
            errors.add(new FieldError("timestamp", "must be an RFC 3339 time such as 2026-01-31T12:00:00Z"));
        }
        if (!(root.get("data") instanceof Map<?, ?> data)) {
            errors.add(new FieldError("data", "must be an object with subscriptionId, accountId, instance and tier"));
            return Optional.empty();
        }
        SpecReader.rejectUnknown(data, DATA_FIELDS, "data.", errors);
        Object subscriptionId = data.get("subscriptionId");
        if (!(subscriptionId instanceof String id) || !SpecReader.SUBSCRIPTION_ID.matcher(id).matches()) {
            errors.add(new FieldError("data.subscriptionId", "is required: 1-200 letters, digits, '_', '.', ':', '@'"
                    + " or '-', got " + Excerpt.of(subscriptionId)));
        }
        Object instance = data.get("instance");
        Optional<String> nameProblem = instance instanceof String s ? InstanceName.problem(s)
                : Optional.of("is required: the instance name");
        nameProblem.ifPresent(p -> errors.add(new FieldError("data.instance", Excerpt.of(instance) + " " + p)));
        boolean writes = type.isPresent() && type.get() != Type.CANCELED;
        if (writes && data.get("tier") == null) {
            errors.add(new FieldError("data.tier", "is required for " + type.get().key()));
        }
        if (writes && !(data.get("accountId") instanceof String)) {
            errors.add(new FieldError("data.accountId", "is required for " + type.get().key() + " (text)"));
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (writes) {
            fields.put("tier", data.get("tier"));
            fields.put("account", data.get("accountId"));
            fields.put("subscriptionId", subscriptionId);
            OPTIONAL_SPEC_FIELDS.stream().filter(data::containsKey).forEach(f -> fields.put(f, data.get(f)));
        }
        return Optional.of(new SubscriptionEvent(type.get(), (String) subscriptionId,
                new InstanceName((String) instance), fields));
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
