package chat.mindroom.operator.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guards {@code /api/**} with bearer tokens: reads need the read scope, everything else the write
 * scope, and an instance's credentials the secrets scope. Health and {@code /prometheus} are outside
 * the filter and stay open; inside it, the OpenAPI document and the signed subscription intake are open.
 */
@ServerFilter("/api/**")
final class BearerAuthFilter {

    static final String PRINCIPAL = "mindroom.principal";
    /** An instance's credentials: only a token with the secrets scope reads or rotates them. */
    private static final Pattern CREDENTIALS = Pattern.compile("^/api/v1/instances/[^/]+/credentials(/.*)?$");

    private final ApiTokens tokens;

    BearerAuthFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<byte[]> authorize(HttpRequest<?> request) {
        if (request.getPath().equals(SubscriptionWebhookController.PATH)) {
            return null; // signed per Standard Webhooks instead of a bearer token
        }
        String path = request.getPath();
        if (path.equals(OpenApiController.YAML_PATH) || path.equals(OpenApiController.JSON_PATH)) {
            // Deliberately open: the API's description holds nothing of the fleet, and clients and
            // generators fetch it before they have a token. Every route it describes stays guarded.
            return null;
        }
        Optional<String> header = request.getHeaders().get(HttpHeaders.AUTHORIZATION, String.class);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized(request, "send 'Authorization: Bearer <token>'");
        }
        Optional<ApiPrincipal> principal = tokens.authenticate(header.get().substring(7).trim());
        if (principal.isEmpty()) {
            return unauthorized(request, "the bearer token is not valid");
        }
        ApiScope needed = CREDENTIALS.matcher(request.getPath()).matches() ? ApiScope.SECRETS
                : isRead(request.getMethod()) ? ApiScope.READ : ApiScope.WRITE;
        if (!principal.get().scope().permits(needed)) {
            return Problem.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "token '" + principal.get().name() + "' has the " + principal.get().scope().label() + " scope; "
                            + request.getMethod() + " " + (needed == ApiScope.SECRETS ? "of credentials " : "")
                            + "needs the " + needed.label() + " scope").toResponse(request.getPath());
        }
        request.setAttribute(PRINCIPAL, principal.get());
        return null;
    }

    private static boolean isRead(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    private static MutableHttpResponse<byte[]> unauthorized(HttpRequest<?> request, String detail) {
        return Problem.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail)
                .toResponse(request.getPath())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mindroom-operator\"");
    }

    static String actor(HttpRequest<?> request) {
        return request.getAttribute(PRINCIPAL, ApiPrincipal.class).map(ApiPrincipal::name).orElse("anonymous");
    }
}
