package chat.mindroom.operator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the request path below HTTP: parse (JSON or YAML), then read the spec. The only failure
 * either may report is a {@link DocumentException} (the API's 400) or field errors (422), all short;
 * and whatever is admitted can be stored as JSON PostgreSQL accepts and read back unchanged.
 */
class SpecReaderFuzzTest {

    private static final int MAX_FIELD = 140;
    private static final int MAX_MESSAGE = 400;

    private final SpecReader reader = new SpecReader(SpecReaderTest.RULES, "mindroom.chat");

    @Provide
    Arbitrary<String> json() {
        return HostileDocuments.jsonDocuments();
    }

    @Provide
    Arbitrary<String> yaml() {
        return HostileDocuments.yamlDocuments();
    }

    @Property(tries = 2000)
    void jsonDocumentsAreReadOrRefusedBriefly(@ForAll("json") String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8), JsonDocument::parse);
    }

    @Property(tries = 2000)
    void yamlDocumentsAreReadOrRefusedBriefly(@ForAll("yaml") String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8), YamlDocument::parse);
    }

    @Property(tries = 1000)
    void arbitraryBytesAreReadOrRefusedBriefly(@ForAll @Size(max = 300) byte[] bytes) {
        readOrRefuse(bytes, JsonDocument::parse);
        readOrRefuse(bytes, YamlDocument::parse);
    }

    private void readOrRefuse(byte[] body, Function<byte[], Object> parser) {
        Object document;
        try {
            document = parser.apply(body);
        } catch (DocumentException e) {
            assertThat(e.field()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_FIELD);
            assertThat(e.getMessage()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_MESSAGE);
            return;
        }
        SpecReader.Result result = reader.read(document);
        result.errors().forEach(error -> {
            assertThat(error.field()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_FIELD);
            assertThat(error.message()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_MESSAGE);
        });
        assertThat(result.spec().isPresent()).isEqualTo(result.errors().isEmpty());
        result.spec().ifPresent(spec -> {
            String stored = JsonDocument.writeString(spec.toTree());
            assertThat(stored).doesNotContain("\\u0000");
            assertThat(stored.codePoints())
                    .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
            // escapes are fine when they pair up (an emoji may be written as two); a lone one is not
            // (PostgreSQL refuses it in jsonb)
            assertThat(strings(JsonDocument.parse(stored))).allSatisfy(text -> assertThat(text.codePoints())
                    .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE));
            assertThat(reader.read(JsonDocument.parse(stored)).spec()).contains(spec);
            assertThat(reader.read(YamlDocument.parse(YamlDocument.write(spec.toTree()))).spec()).contains(spec);
        });
    }

    /** Every string in a parsed document, keys included. */
    private static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof String text) {
            out.add(text);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                out.add(String.valueOf(k));
                out.addAll(strings(v));
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> out.addAll(strings(v)));
        }
        return out;
    }
}
