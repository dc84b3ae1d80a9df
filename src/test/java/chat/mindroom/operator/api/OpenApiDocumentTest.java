package chat.mindroom.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged OpenAPI document: a real parser accepts it, every example fits its schema, every problem type is listed. */
class OpenApiDocumentTest {

    private static final OpenApiSchemas DOC = OpenApiSchemas.packaged();

    @Test
    void swaggerParserReadsTheDocumentWithoutAMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(DOC.text(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.1");
        assertThat(api.getPaths()).containsKeys("/api/v1/instances/{name}", "/api/v1/hosts/{host}/orphans",
                "/api/v1/events");
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        walk(DOC.root(), "#", (where, mediaType) -> {
            JsonNode schema = mediaType.get("schema");
            mediaType.path("examples").fields().forEachRemaining(example -> {
                JsonNode value = DOC.deref(example.getValue()).get("value");
                String name = where + "/examples/" + example.getKey();
                checked.add(name);
                for (Error error : DOC.validate(schema, value)) {
                    failures.add(name + ": " + error);
                }
            });
        });
        assertThat(failures).isEmpty();
        assertThat(checked).as("examples found").hasSizeGreaterThan(20);
    }

    @Test
    void anExampleThatBreaksItsSchemaIsCaught() {
        // The validation above can fail: a spec with an unknown field and memory below the floor.
        JsonNode spec = OpenApiSchemas.tree("{\"tier\":\"starter\",\"color\":\"red\",\"limits\":{\"memoryMb\":1}}");
        List<Error> errors = DOC.validate(OpenApiSchemas.tree("{\"$ref\":\"#/components/schemas/InstanceSpec\"}"), spec);
        assertThat(errors).extracting(Error::toString).anySatisfy(e -> assertThat(e).contains("color"))
                .anySatisfy(e -> assertThat(e).contains("memoryMb"));
    }

    @Test
    void everyProblemTypeTheCodeEmitsIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        DOC.resolve("#/components/schemas/Problem/properties/type/anyOf/0/enum")
                .forEach(t -> documented.add(t.asText().substring(Problem.TYPE_PREFIX.length())));
        Set<String> emitted = new TreeSet<>();
        Pattern slug = Pattern.compile("(?:HttpStatus\\.[A-Z_]+,\\s*|case \\d{3} -> |>= 500 \\? )\"([a-z-]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = slug.matcher(Files.readString(file));
                while (m.find()) {
                    emitted.add(m.group(1));
                }
            }
        }
        assertThat(emitted).contains("not-found", "validation-failed", "host-unobserved", "internal-error");
        assertThat(documented).containsAll(emitted);
    }

    private interface MediaTypeVisitor {
        void visit(String where, JsonNode mediaType);
    }

    /** Every object with a schema and named examples: the media types of requests and responses. */
    private static void walk(JsonNode node, String where, MediaTypeVisitor visitor) {
        if (node.isObject()) {
            if (node.has("schema") && node.has("examples") && node.get("examples").isObject()) {
                visitor.visit(where, node);
            }
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                walk(field.getValue(), where + "/" + field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, visitor);
            }
        }
    }
}
