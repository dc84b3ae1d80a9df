package chat.mindroom.operator.api;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3.1 description: the hand-written YAML in the jar as it is, and the same document
 * as JSON, converted once at startup (a malformed document stops the operator instead of its first
 * reader). Both are open: see {@link BearerAuthFilter}.
 */
@Controller("/api/v1")
final class OpenApiController {

    static final String RESOURCE = "openapi/mindroom-operator.yaml";
    static final String YAML_PATH = "/api/v1/openapi.yaml";
    static final String JSON_PATH = "/api/v1/openapi.json";

    private final byte[] yaml;
    private final byte[] json;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            this.yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        this.json = JsonDocument.write(YamlDocument.parse(yaml));
    }

    @Get("/openapi.yaml")
    @Produces({MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, "text/plain", "*/*"})
    MutableHttpResponse<byte[]> yaml() {
        return HttpResponse.ok(yaml).contentType(MediaTypes.YAML);
    }

    @Get("/openapi.json")
    @Produces({MediaTypes.JSON, "*/*"})
    MutableHttpResponse<byte[]> json() {
        return HttpResponse.ok(json).contentType(MediaTypes.JSON);
    }
}
