package chat.mindroom.operator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fields the replaced provisioner's requests carried: subscription, limits, log level, overrides. */
class SpecParityTest {

    private final SpecReader reader = new SpecReader(SpecReaderTest.RULES, "mindroom.chat");

    private SpecReader.Result json(String json) {
        return reader.read(JsonDocument.parse(json));
    }

    private static List<String> fields(SpecReader.Result result) {
        return result.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void everyNewFieldIsReadStoredAndReadBackUnchanged() {
        InstanceSpec spec = json("""
                {"tier":"big","subscriptionId":"sub_1MxA2b","logLevel":"debug",
                 "limits":{"storageGb":20,"agents":12,"messagesPerDay":"unlimited"},
                 "configOverrides":{"agents":{"assistant":{"role":"Answers in French","temperature":0.25}},
                                    "defaults":{"timezone":"Europe/Paris"}}}""").spec().orElseThrow();

        assertThat(spec.subscriptionId()).contains("sub_1MxA2b");
        assertThat(spec.logLevel()).isEqualTo(LogLevel.DEBUG);
        assertThat(spec.limits().storageGb()).contains(20);
        assertThat(spec.limits().agents()).contains(12);
        assertThat(spec.limits().messagesPerDay()).contains(MessageQuota.UNLIMITED);
        assertThat(spec.configOverrides()).containsKeys("agents", "defaults");

        String stored = JsonDocument.writeString(spec.toTree());
        assertThat(stored).contains("\"subscriptionId\":\"sub_1MxA2b\"", "\"messagesPerDay\":\"unlimited\"",
                "\"logLevel\":\"debug\"", "\"temperature\":0.25");
        assertThat(reader.read(JsonDocument.parse(stored)).spec()).contains(spec);
        assertThat(reader.read(YamlDocument.parse(YamlDocument.write(spec.toTree()))).spec()).contains(spec);
    }

    @Test
    void omittedNewFieldsTakeTheirDefaults() {
        InstanceSpec spec = json("{\"tier\":\"tiny\"}").spec().orElseThrow();
        assertThat(spec.subscriptionId()).isEmpty();
        assertThat(spec.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(spec.limits().isEmpty()).isTrue();
        assertThat(spec.configOverrides()).isEmpty();
        assertThat(spec).isEqualTo(InstanceSpec.ofTier("tiny"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"storageGb\":0}                     | limits.storageGb      | between 1 and 16384 GB",
        "{\"storageGb\":1.5}                   | limits.storageGb      | whole number of gigabytes",
        "{\"agents\":1001}                     | limits.agents         | between 1 and 1000 agents",
        "{\"agents\":1e999999999}              | limits.agents         | between 1 and 1000 agents",
        "{\"messagesPerDay\":\"lots\"}         | limits.messagesPerDay | or 'unlimited'",
        "{\"messagesPerDay\":0}                | limits.messagesPerDay | between 1 and 10000000 messages",
        "{\"messagesPerDay\":true}             | limits.messagesPerDay | whole number of messages",
    })
    void limitsOutOfBoundsNameTheField(String limits, String field, String message) {
        SpecReader.Result result = json("{\"tier\":\"tiny\",\"limits\":" + limits + "}");
        assertThat(fields(result)).containsExactly(field);
        assertThat(result.errors().get(0).message()).contains(message);
    }

    @Test
    void aMessageQuotaIsANumberOrUnlimited() {
        assertThat(json("{\"tier\":\"tiny\",\"limits\":{\"messagesPerDay\":250}}").spec().orElseThrow()
                .limits().messagesPerDay()).contains(MessageQuota.of(250));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"logLevel\":\"verbose\"                  | logLevel",
        "\"logLevel\":3                            | logLevel",
        "\"subscriptionId\":\"\"                   | subscriptionId",
        "\"subscriptionId\":\"sub 1\"              | subscriptionId",
        "\"subscriptionId\":42                     | subscriptionId",
        "\"configOverrides\":[]                    | configOverrides",
        "\"configOverrides\":{\"foo\":{}}          | configOverrides.foo",
        "\"configOverrides\":{\"tier\":\"big\"}    | configOverrides.tier",
        "\"configOverrides\":{\"limits\":{\"messagesPerDay\":9}} | configOverrides.limits",
        "\"configOverrides\":{\"agents\":[]}       | configOverrides.agents",
        "\"configOverrides\":{\"defaultModel\":{}} | configOverrides.defaultModel",
        "\"configOverrides\":{\"models\":{\"x\":{\"api_key\":\"sk-1\"}}} | configOverrides.models.x.api_key",
        "\"configOverrides\":{\"tools\":{\"t\":{\"n\":1e999999999}}}      | configOverrides.tools.t.n",
        "\"configOverrides\":{\"tools\":{\"t\":{\"n\":1e-999999999}}}     | configOverrides.tools.t.n",
        "\"configOverrides\":{\"tools\":{\"t\":[\"a\\u0000b\"]}}          | configOverrides.tools.t[0]",
        "\"configOverrides\":{\"tools\":{\"\\ud800\":1}}                  | configOverrides.tools.\\uD800",
    })
    void badNewFieldsAreRefusedWithTheirPath(String field, String path) {
        SpecReader.Result result = json("{\"tier\":\"tiny\"," + field + "}");
        assertThat(result.spec()).isEmpty();
        assertThat(fields(result)).containsExactly(path);
    }

    @Test
    void overridesNestedTooDeepAreRefused() {
        String deep = "{\"a\":".repeat(8) + "1" + "}".repeat(8);
        SpecReader.Result result = json("{\"tier\":\"tiny\",\"configOverrides\":{\"defaults\":" + deep + "}}");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).startsWith("configOverrides.defaults.a.a");
            assertThat(e.message()).contains("deeper than 8 levels");
        });
        String allowed = "{\"a\":".repeat(6) + "1" + "}".repeat(6);
        assertThat(json("{\"tier\":\"tiny\",\"configOverrides\":{\"defaults\":" + allowed + "}}").errors()).isEmpty();
    }

    @Test
    void overridesLargerThan16KiBAreRefused() {
        String role = "r".repeat(3000);
        StringBuilder agents = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            agents.append(i == 0 ? "" : ",").append("\"agent").append(i).append("\":{\"role\":\"").append(role)
                    .append("\"}");
        }
        SpecReader.Result result = json("{\"tier\":\"tiny\",\"configOverrides\":{\"agents\":{" + agents + "}}}");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("configOverrides");
            assertThat(e.message()).contains("at most 16384 bytes");
        });
    }

    @Test
    void overrideNumbersAreNormalizedSoJsonAndYamlAgree() {
        InstanceSpec fromJson = json("{\"tier\":\"tiny\",\"configOverrides\":{\"defaults\":{\"t\":0.50,\"n\":3.0,"
                + "\"m\":1.2345E-10}}}").spec().orElseThrow();
        InstanceSpec fromYaml = reader.read(YamlDocument.parse("tier: tiny\nconfigOverrides:\n  defaults:\n"
                + "    t: 0.5\n    n: 3\n    m: 1.2345e-10\n")).spec().orElseThrow();
        assertThat(fromYaml).isEqualTo(fromJson);
        @SuppressWarnings("unchecked")
        Map<String, Object> defaults = (Map<String, Object>) fromJson.configOverrides().get("defaults");
        assertThat(defaults).containsEntry("n", 3L).containsEntry("t", new BigDecimal("0.5"));
    }

    @Test
    void nullInOverridesIsKeptToRemoveAKey() {
        InstanceSpec spec = json("{\"tier\":\"tiny\",\"configOverrides\":{\"agents\":{\"assistant\":null},"
                + "\"defaults\":{\"memory\":null}}}").spec().orElseThrow();
        assertThat(JsonDocument.writeString(spec.toTree())).contains("\"assistant\":null", "\"memory\":null");
        assertThat(Optional.ofNullable(spec.configOverrides().get("agents"))).isPresent();
    }
}
