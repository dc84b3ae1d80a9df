package chat.mindroom.operator.api;

import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.CustomerSecrets;
import chat.mindroom.operator.store.Rotation;
import chat.mindroom.operator.store.jdbi.JdbiCredentialStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Credentials handover (secrets scope only): an instance's customer-facing generated secrets, and
 * rotating one. Every call is an audit event naming the token; answers are never cached.
 */
@Controller("/api/v1/instances/{name}/credentials")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class CredentialController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY_VALUE = Pattern.compile("^[\\x21-\\x7e]{1,200}$");

    private final JdbiCredentialStore store;

    CredentialController(JdbiCredentialStore store) {
        this.store = store;
    }

    @Get
    MutableHttpResponse<byte[]> read(String name, HttpRequest<?> request) {
        String actor = secretsHolder(request);
        Map<String, String> values = store.read(instance(name), actor);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("instance", name);
        tree.put("credentials", values);
        tree.put("descriptions", CustomerSecrets.KEYS);
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    @Post("/{key}/rotate")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, "*/*"})
    MutableHttpResponse<byte[]> rotate(String name, String key, HttpRequest<?> request) {
        String actor = secretsHolder(request);
        InstanceName instance = instance(name);
        if (!CustomerSecrets.keys().contains(key)) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such credential",
                    "'" + (key.length() > 64 ? key.substring(0, 64) + "..." : key) + "' is not a credential (one of "
                            + CustomerSecrets.keys() + ")"));
        }
        Optional<String> idempotency = request.getHeaders().get(IDEMPOTENCY_KEY, String.class).map(String::strip);
        if (idempotency.isPresent() && !KEY_VALUE.matcher(idempotency.get()).matches()) {
            String message = "1 to 200 printable ASCII characters without spaces";
            throw new ProblemException(new Problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad header",
                    IDEMPOTENCY_KEY + ": " + message, List.of(new FieldError(IDEMPOTENCY_KEY, message))));
        }
        Rotation rotation = store.rotate(instance, key, idempotency, actor);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("instance", name);
        tree.put("key", key);
        tree.put("value", rotation.value());
        tree.put("rotatedAt", rotation.rotatedAt().toString());
        tree.put("replayed", rotation.replayed());
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    /** The filter already asked for the secrets scope; checked again here so no route change can skip it. */
    private static String secretsHolder(HttpRequest<?> request) {
        ApiPrincipal principal = request.getAttribute(BearerAuthFilter.PRINCIPAL, ApiPrincipal.class)
                .filter(p -> p.scope() == ApiScope.SECRETS)
                .orElseThrow(() -> new ProblemException(Problem.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "credentials need a token with the secrets scope")));
        return principal.name();
    }

    private static InstanceName instance(String name) {
        if (InstanceName.problem(name).isPresent()) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such instance",
                    "instance " + name + " does not exist"));
        }
        return new InstanceName(name);
    }
}
