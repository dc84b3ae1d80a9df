package chat.mindroom.operator.webhook;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec a subscription event asks for. The event owns tier, account, subscription id and, when it
 * carries them, limits, matrix and configOverrides; every other field (domains, release,
 * suspended, backupOnDelete, logLevel, and an optional field the event leaves out) keeps the value
 * the instance has, so an upgrade sent by the platform never undoes what was set through the API.
 * The result passes the same {@link SpecReader} as a PUT.
 */
public final class SubscriptionSpecs {

    /** Spec fields that come from the event; their errors are named by the payload's path. */
    private static final Set<String> FROM_EVENT = Set.of("tier", "subscriptionId", "limits", "matrix",
            "configOverrides");
    private static final int MAX_LISTED_ERRORS = 20;

    private final SpecReader reader;

    public SubscriptionSpecs(SpecReader reader) {
        this.reader = requireNonNull(reader, "reader is null");
    }

    /** The spec to write over {@code current}; an {@code OperatorException} refuses the event. */
    public InstanceSpec specFor(SubscriptionEvent event, Optional<Instance> current) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (current.isPresent()) {
            Object owner = current.get().spec().get("subscriptionId");
            if (owner != null && !owner.equals(event.subscriptionId())) {
                throw new OperatorException(ErrorCode.CONFLICT, "instance " + event.instance()
                        + " belongs to another subscription", List.of(new FieldError("data.subscriptionId",
                        "instance " + event.instance() + " belongs to another subscription")));
            }
            document.putAll(current.get().spec());
        }
        document.putAll(event.specFields());
        SpecReader.Result result = reader.read(document);
        if (!result.errors().isEmpty()) {
            List<FieldError> errors = result.errors().stream().map(SubscriptionSpecs::asPayloadField)
                    .limit(MAX_LISTED_ERRORS).toList();
            String summary = result.errors().size() == 1 ? "1 field is invalid"
                    : result.errors().size() + " fields are invalid";
            throw new OperatorException(ErrorCode.INVALID_SPEC, summary, errors);
        }
        return result.spec().orElseThrow();
    }

    private static FieldError asPayloadField(FieldError error) {
        String field = error.field();
        String top = field.split("[.\\[]", 2)[0];
        if (top.equals("account")) {
            return new FieldError("data.accountId" + field.substring(top.length()), error.message());
        }
        return FROM_EVENT.contains(top) ? new FieldError("data." + field, error.message()) : error;
    }
}
