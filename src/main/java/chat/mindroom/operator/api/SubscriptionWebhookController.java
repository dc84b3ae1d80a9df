package chat.mindroom.operator.api;

import chat.mindroom.operator.config.OperatorSettings;
import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.Excerpt;
import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.IntakeResult;
import chat.mindroom.operator.store.SubscriptionIntake;
import chat.mindroom.operator.template.Templates;
import chat.mindroom.operator.webhook.SubscriptionEvent;
import chat.mindroom.operator.webhook.SubscriptionSpecs;
import chat.mindroom.operator.webhook.WebhookSignature;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed subscription intake: the SaaS platform's subscription events, verified per Standard
 * Webhooks with the secrets of {@code OPERATOR_SUBSCRIPTION_WEBHOOK_SECRET} (the signature is the
 * authentication; no bearer token), applied as the same desired-state writes as PUT and DELETE,
 * once per {@code webhook-id}.
 */
@Controller
@Context // created at startup, so a malformed secret stops the operator instead of its first webhook
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.PROBLEM})
final class SubscriptionWebhookController {

    static final String PATH = "/api/v1/webhooks/subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionWebhookController.class);

    private final Optional<WebhookSignature> signature;
    private final SubscriptionIntake intake;
    private final SubscriptionSpecs specs;
    private final Clock clock;
    private final DeletionGrace grace;

    SubscriptionWebhookController(@Value("${operator.subscription-webhook-secret:}") String secrets,
                                  SubscriptionIntake intake, Templates templates, OperatorSettings settings,
                                  Clock clock, DeletionGrace grace) {
        this.grace = grace;
        this.signature = secrets.isBlank() ? Optional.empty() : Optional.of(parse(secrets));
        this.intake = intake;
        this.specs = new SubscriptionSpecs(new SpecReader(templates.tiers(), settings.baseDomain()));
        this.clock = clock;
    }

    private static WebhookSignature parse(String secrets) {
        try {
            return WebhookSignature.ofSecrets(secrets);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("OPERATOR_SUBSCRIPTION_WEBHOOK_SECRET: " + e.getMessage());
        }
    }

    @Post(PATH)
    @Consumes({MediaTypes.JSON, "*/*"})
    MutableHttpResponse<byte[]> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
        WebhookSignature verifier = signature.orElseThrow(() -> new ProblemException(Problem.of(
                HttpStatus.SERVICE_UNAVAILABLE, "intake-not-configured", "Subscription intake is not configured",
                "set OPERATOR_SUBSCRIPTION_WEBHOOK_SECRET to accept subscription events")));
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > InstanceController.MAX_BODY_BYTES) {
            throw new ProblemException(Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "Request Entity Too Large", "request bodies are limited to " + InstanceController.MAX_BODY_BYTES
                            + " bytes"));
        }
        String id = request.getHeaders().get("webhook-id");
        WebhookSignature.Verdict verdict = verifier.verify(id, request.getHeaders().get("webhook-timestamp"),
                request.getHeaders().get("webhook-signature"), bytes, clock.instant());
        if (verdict != WebhookSignature.Verdict.VALID) {
            throw new ProblemException(Problem.of(HttpStatus.UNAUTHORIZED, "bad-signature", "Unauthorized",
                    switch (verdict) {
                        case MISSING_HEADERS -> "send the webhook-id, webhook-timestamp and webhook-signature headers";
                        case BAD_TIMESTAMP -> "webhook-timestamp must be Unix seconds within "
                                + WebhookSignature.TOLERANCE.toMinutes() + " minutes of the operator's clock";
                        default -> "webhook-signature does not match the body with any configured secret";
                    }));
        }
        SubscriptionEvent event = read(bytes);
        String actor = "webhook:subscriptions/" + Excerpt.cut(id, Excerpt.MAX_CHARACTERS);
        IntakeResult result = switch (event.type()) {
            case CREATED, UPDATED -> intake.write(id, event.type().key(), event.instance(),
                    current -> specs.specFor(event, current), actor);
            case CANCELED -> intake.cancel(id, event.type().key(), event.instance(), event.subscriptionId(), actor,
                    grace::of);
        };
        LOG.info("{} {} for instance {}: {}", event.type().key(), Excerpt.cut(id, Excerpt.MAX_CHARACTERS),
                event.instance(), result.outcome());
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("webhookId", id);
        tree.put("type", event.type().key());
        tree.put("instance", event.instance().value());
        tree.put("outcome", result.outcome());
        tree.put("generation", result.instance().map(i -> (Object) i.generation()).orElse(null));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    private static SubscriptionEvent read(byte[] body) {
        Object document;
        try {
            document = JsonDocument.parse(body);
        } catch (DocumentException e) {
            throw new ProblemException(new Problem(HttpStatus.BAD_REQUEST, "malformed-body",
                    "The body is not well-formed JSON", e.getMessage(), List.of(new FieldError(e.field(),
                    e.getMessage()))));
        }
        List<FieldError> errors = new ArrayList<>();
        Optional<SubscriptionEvent> event = SubscriptionEvent.read(document, errors);
        if (event.isEmpty()) {
            throw new ProblemException(new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed",
                    "The subscription event is not valid", errors.size() + " field(s) are invalid",
                    errors.subList(0, Math.min(errors.size(), SpecAdmission.MAX_LISTED_ERRORS))));
        }
        return event.get();
    }
}
