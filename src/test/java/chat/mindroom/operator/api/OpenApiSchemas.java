package chat.mindroom.operator.api;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The packaged OpenAPI document as a tree, and JSON Schema 2020-12 validation (networknt) of
 * documents against the schemas it holds, {@code $ref}s into its components resolved.
 */
final class OpenApiSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String text;
    private final JsonNode root;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private OpenApiSchemas(String text) {
        this.text = text;
        this.root = tree(JsonDocument.writeString(YamlDocument.parse(text)));
    }

    static OpenApiSchemas packaged() {
        try (InputStream in = OpenApiSchemas.class.getClassLoader().getResourceAsStream(OpenApiController.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OpenApiController.RESOURCE + " is not on the class path");
            }
            return new OpenApiSchemas(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    JsonNode root() {
        return root;
    }

    /** A {@code #/...} reference's target in the document. */
    JsonNode resolve(String ref) {
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable reference " + ref);
        }
        return target;
    }

    /** Follows {@code $ref} until a node that is not one. */
    JsonNode deref(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = resolve(current.get("$ref").asText());
        }
        return current;
    }

    /** The failures of {@code document} against {@code schema} (inline, or a $ref into the components). */
    List<Error> validate(JsonNode schema, JsonNode document) {
        ObjectNode wrapper = schema.deepCopy();
        wrapper.set("components", root.get("components"));
        Schema compiled = registry.getSchema(wrapper);
        return compiled.validate(document);
    }

    /** The schema of an operation's response, as the document says, for {@code mediaType}. */
    JsonNode responseSchema(String path, String method, int status, String mediaType) {
        JsonNode response = deref(root.path("paths").path(path).path(method).path("responses")
                .path(String.valueOf(status)));
        JsonNode schema = response.path("content").path(mediaType).path("schema");
        if (schema.isMissingNode()) {
            throw new AssertionError("the document has no " + mediaType + " schema for " + method + " " + path
                    + " " + status);
        }
        return schema;
    }
}
