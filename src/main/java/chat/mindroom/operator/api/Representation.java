package chat.mindroom.operator.api;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.spec.FieldError;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Content negotiation for the API: JSON by default, YAML when the request's {@code Content-Type}
 * or {@code Accept} says {@code application/yaml} (or x-yaml, text/yaml).
 */
final class Representation {

    private Representation() {
    }

    enum Format {
        JSON,
        YAML
    }

    private static boolean isYaml(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return t.equals(MediaTypes.YAML) || t.equals(MediaTypes.YAML_X) || t.equals(MediaTypes.YAML_TEXT);
    }

    /** The format of the response: the first acceptable of JSON and YAML in the client's order. */
    static Format responseFormat(HttpRequest<?> request) {
        Collection<MediaType> accepted = request.accept();
        for (MediaType type : accepted) {
            String name = type.getName();
            if (isYaml(name)) {
                return Format.YAML;
            }
            if (name.equals(MediaTypes.JSON) || name.equals("*/*") || name.equals("application/*")) {
                return Format.JSON;
            }
        }
        return Format.JSON;
    }

    /**
     * Parses the request body by its Content-Type; a missing type means JSON. A body that is not
     * UTF-8, not well-formed, or beyond the parsers' limits (nesting, number length) is a 400 naming
     * the field where the parser stopped, or {@code $} for the whole body.
     */
    static Object parseBody(HttpRequest<?> request, byte[] body) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "bad-request", "Missing body",
                    "the request body must hold the instance spec"));
        }
        Optional<String> contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE, String.class)
                .map(t -> t.split(";", 2)[0].trim());
        boolean yaml = contentType.map(Representation::isYaml).orElse(false);
        try {
            return yaml ? YamlDocument.parse(body) : JsonDocument.parse(body);
        } catch (DocumentException e) {
            throw new ProblemException(new Problem(HttpStatus.BAD_REQUEST, "malformed-body",
                    "The body is not well-formed " + (yaml ? "YAML" : "JSON"), e.getMessage(),
                    List.of(new FieldError(e.field(), e.getMessage()))));
        }
    }

    static MutableHttpResponse<byte[]> respond(HttpStatus status, Object tree, HttpRequest<?> request) {
        Format format = responseFormat(request);
        byte[] body = format == Format.YAML
                ? YamlDocument.write(tree).getBytes(StandardCharsets.UTF_8)
                : JsonDocument.write(tree);
        return HttpResponse.<byte[]>status(status)
                .contentType(format == Format.YAML ? MediaTypes.YAML : MediaTypes.JSON)
                .body(body);
    }
}
