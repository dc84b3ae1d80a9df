package chat.mindroom.operator.api;

import chat.mindroom.operator.config.ReconcileSettings;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Approvals;
import chat.mindroom.operator.store.InstanceStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Approvals of destructive plans (tiers with {@code approval: true}): {@code GET /plan} shows the
 * held removals and the plan's hash; approving that hash releases exactly that plan for a while.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class ApprovalController {

    private static final Pattern HASH = Pattern.compile("^[0-9a-f]{32}$");

    private final Approvals approvals;
    private final InstanceStore instances;
    private final Duration ttl;
    private final Clock clock;

    ApprovalController(Approvals approvals, InstanceStore instances, ReconcileSettings settings, Clock clock) {
        this.approvals = approvals;
        this.instances = instances;
        this.ttl = settings.approvalTtl();
        this.clock = clock;
    }

    @Post("/instances/{name}/approve")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT})
    MutableHttpResponse<byte[]> approve(String name, HttpRequest<?> request, @Nullable @Body byte[] body) {
        Object document = Representation.parseBody(request, body);
        if (!(document instanceof Map<?, ?> map) || !map.keySet().equals(Set.of("planHash"))) {
            throw invalid("body", "must be {\"planHash\": \"<the hash GET /plan shows>\"} and nothing else");
        }
        if (!(map.get("planHash") instanceof String hash) || !HASH.matcher(hash).matches()) {
            throw invalid("planHash", "must be the 32 hexadecimal digits GET /api/v1/instances/" + name
                    + "/plan shows");
        }
        Approvals.Request approved = approvals.approve(parse(name), hash, BearerAuthFilter.actor(request), ttl);
        return Representation.respond(HttpStatus.OK, view(approved), request);
    }

    @Get("/instances/{name}/approvals")
    MutableHttpResponse<byte[]> list(String name, HttpRequest<?> request) {
        InstanceName parsed = parse(name);
        instances.find(parsed).orElseThrow(() -> new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found",
                "No such instance", "instance " + name + " does not exist")));
        List<Map<String, Object>> items = approvals.requests(parsed).stream().map(this::view).toList();
        return Representation.respond(HttpStatus.OK, Map.of("items", items), request);
    }

    private Map<String, Object> view(Approvals.Request r) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("planHash", r.planHash());
        tree.put("what", r.what());
        tree.put("generation", r.generation());
        tree.put("requestedAt", r.requestedAt().toString());
        tree.put("approved", r.approved(clock.instant()));
        tree.put("approvedBy", r.approvedBy().orElse(null));
        tree.put("expiresAt", r.expiresAt().map(Instant::toString).orElse(null));
        return tree;
    }

    private static InstanceName parse(String name) {
        if (InstanceName.problem(name).isPresent()) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such instance",
                    "instance " + name + " does not exist"));
        }
        return new InstanceName(name);
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed",
                "Invalid approval", field + ": " + message, List.of(new FieldError(field, message))));
    }
}
