package chat.mindroom.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.RunningOperator;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.web.router.Router;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the running operator: it is served without a token, it describes
 * every route Micronaut has under /api, and real responses validate against the schemas it gives.
 */
class OpenApiIT {

    private static final OpenApiSchemas DOC = OpenApiSchemas.packaged();
    private static RunningOperator operator;

    @BeforeAll
    static void start() {
        operator = RunningOperator.start();
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void theDocumentIsServedAsYamlAndJsonWithoutAToken() {
        HttpResponse<String> yaml = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/openapi.yaml")).GET()
                .build());
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(yaml.body()).isEqualTo(DOC.text());
        HttpResponse<String> json = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/openapi.json"))
                .header("Accept", "application/json").GET().build());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(OpenApiSchemas.tree(json.body())).isEqualTo(DOC.root());
        assertThat(operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances")).GET().build())
                .statusCode()).as("the routes it describes still need a token").isEqualTo(401);
    }

    @Test
    void everyApiRouteIsDescribed() {
        Set<String> routes = new TreeSet<>();
        operator.context().getBean(Router.class).uriRoutes().forEach(route -> {
            String template = route.getUriMatchTemplate().toString();
            if (template.startsWith("/api/")) {
                routes.add(route.getHttpMethod().name() + " " + template);
            }
        });
        assertThat(routes).as("routes from the router").hasSizeGreaterThan(20)
                .contains("GET /api/v1/instances/{name}", "GET /api/v1/hosts/{host}/orphans");
        List<String> undescribed = new ArrayList<>();
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            // Micronaut answers HEAD for every GET (RFC 9110: the GET without its body), as the document says.
            String method = parts[0].equals("HEAD") ? "get" : parts[0].toLowerCase(Locale.ROOT);
            JsonNode operation = DOC.root().path("paths").path(parts[1]).path(method);
            if (!operation.isObject() || !operation.has("responses")) {
                undescribed.add(route);
            }
        }
        assertThat(undescribed).as("routes the document does not describe").isEmpty();
        assertThat(DOC.text()).contains("HEAD");
    }

    @Test
    void liveResponsesValidateAgainstTheDocumentedSchemas() {
        HttpResponse<String> created = operator.put("/api/v1/instances/openapi-one",
                "{\"tier\":\"professional\",\"account\":\"acc_1\",\"limits\":{\"cpu\":1.5,\"messagesPerDay\":\"unlimited\"},"
                        + "\"matrix\":{\"enabled\":true}}");
        assertThat(created.statusCode()).isEqualTo(201);
        valid(created, "/api/v1/instances/{name}", "put", "application/json");

        valid(operator.get("/api/v1/instances/openapi-one"), "/api/v1/instances/{name}", "get", "application/json");
        valid(operator.get("/api/v1/instances?limit=1"), "/api/v1/instances", "get", "application/json");
        valid(operator.get("/api/v1/instances/openapi-one/events"), "/api/v1/instances/{name}/events", "get",
                "application/json");
        valid(operator.get("/api/v1/events?limit=5"), "/api/v1/events", "get", "application/json");
        valid(operator.get("/api/v1/hosts"), "/api/v1/hosts", "get", "application/json");

        HttpResponse<String> badFilter = operator.get("/api/v1/instances?phase=Dancing");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        valid(badFilter, "/api/v1/instances", "get", "application/problem+json");
        HttpResponse<String> invalid = operator.put("/api/v1/instances/openapi-two",
                "{\"tier\":\"starter\",\"limits\":{\"memoryMb\":1},\"color\":\"red\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        valid(invalid, "/api/v1/instances/{name}", "put", "application/problem+json");
        HttpResponse<String> missing = operator.get("/api/v1/instances/openapi-nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        valid(missing, "/api/v1/instances/{name}", "get", "application/problem+json");
        valid(operator.get("/api/v1/instances/openapi-one/plan"), "/api/v1/instances/{name}/plan", "get",
                "application/json");
        valid(operator.get("/api/v1/instances/openapi-one/approvals"), "/api/v1/instances/{name}/approvals", "get",
                "application/json");
        HttpResponse<String> deleted = operator.delete("/api/v1/instances/openapi-one?grace=1h");
        assertThat(deleted.statusCode()).isEqualTo(202);
        valid(deleted, "/api/v1/instances/{name}", "delete", "application/json");
        HttpResponse<String> undeleted = operator.send(operator.request("/api/v1/instances/openapi-one/undelete")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(undeleted.statusCode()).isEqualTo(200);
        valid(undeleted, "/api/v1/instances/{name}/undelete", "post", "application/json");
        valid(operator.get("/api/v1/deleted-instances?name=openapi-one"), "/api/v1/deleted-instances", "get",
                "application/json");
        HttpResponse<String> badGrace = operator.delete("/api/v1/instances/openapi-one?grace=forever");
        assertThat(badGrace.statusCode()).isEqualTo(400);
        valid(badGrace, "/api/v1/instances/{name}", "delete", "application/problem+json");
    }

    @Test
    void aResponseThatDoesNotFitItsSchemaIsCaught() {
        // The checks above can fail: an instance page is not a problem document.
        HttpResponse<String> page = operator.get("/api/v1/instances?limit=1");
        JsonNode schema = DOC.responseSchema("/api/v1/instances", "get", 400, "application/problem+json");
        assertThat(DOC.validate(schema, OpenApiSchemas.tree(page.body()))).isNotEmpty();
    }

    private static void valid(HttpResponse<String> response, String path, String method, String mediaType) {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(method + " " + path)
                .startsWith(mediaType);
        JsonNode schema = DOC.responseSchema(path, method, response.statusCode(), mediaType);
        assertThat(DOC.validate(schema, OpenApiSchemas.tree(response.body())))
                .as(method + " " + path + " " + response.statusCode() + ": " + response.body()).isEmpty();
    }
}
