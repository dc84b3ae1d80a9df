package chat.mindroom.operator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Hostile values cost the reader no more than their size, and its messages stay short. */
class SpecReaderBoundsTest {

    private static final int MAX_MESSAGE = 200;

    private final SpecReader reader = new SpecReader(SpecReaderTest.RULES, "mindroom.chat");

    private FieldError onlyError(Object document) {
        List<FieldError> errors = reader.read(document).errors();
        assertThat(errors).hasSize(1);
        FieldError error = errors.get(0);
        assertThat(error.message()).hasSizeLessThan(MAX_MESSAGE);
        return error;
    }

    @ParameterizedTest(name = "memoryMb {0}")
    @ValueSource(strings = {"1e999999999", "-1e999999999", "1e99999999", "1e-999999999", "1e2147483647",
        "1.5", "-0", "-0.0", "0", "99999999999999999999999999999999", "65536.5", "64e-1"})
    void absurdMemoryNumbersAreOneShortFieldError(String number) {
        FieldError error = onlyError(JsonDocument.parse(
                "{\"tier\":\"tiny\",\"limits\":{\"memoryMb\":" + number + "}}"));
        assertThat(error.field()).isEqualTo("limits.memoryMb");
    }

    @ParameterizedTest(name = "cpu {0}")
    @ValueSource(strings = {"1e999999999", "-1e999999999", "1e99999999", "1e-999999999", "1e-2147483647",
        "1e2147483647", "-0", "0.001", "64.000001", "0.123", "99999999999999999999999999999999"})
    void absurdCpuNumbersAreOneShortFieldError(String number) {
        FieldError error = onlyError(JsonDocument.parse("{\"tier\":\"tiny\",\"limits\":{\"cpu\":" + number + "}}"));
        assertThat(error.field()).isEqualTo("limits.cpu");
    }

    @ParameterizedTest(name = "yaml {0}")
    @ValueSource(strings = {"1.0e+999999999", "-1.0e+999999999", "1.0e-999999999", ".inf", "-.inf", ".nan",
        "0x7fffffffffffffffffffffffffffffffff", "-0", "1.555", "190:20:30", "0b1111111111111111111111111111111111111"})
    void absurdYamlNumbersAreOneShortFieldErrorPerField(String number) {
        Object document = YamlDocument.parse(
                "tier: tiny\nlimits:\n  memoryMb: " + number + "\n  cpu: " + number + "\n");
        List<FieldError> errors = reader.read(document).errors();
        assertThat(errors).extracting(FieldError::field).containsExactly("limits.memoryMb", "limits.cpu");
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).hasSizeLessThan(MAX_MESSAGE));
    }

    @Test
    void aYamlNumberTooLongToResolveIsTextAndAFieldError() {
        Object document = YamlDocument.parse("tier: tiny\nlimits:\n  memoryMb: " + "1234567890".repeat(1000) + "\n");
        FieldError error = onlyError(document);
        assertThat(error.field()).isEqualTo("limits.memoryMb");
    }

    @Test
    void inRangeNumbersInAnyNotationAreAccepted() {
        InstanceSpec spec = reader.read(JsonDocument.parse(
                "{\"tier\":\"tiny\",\"limits\":{\"memoryMb\":6.4e3,\"cpu\":25e-2}}")).spec().orElseThrow();
        assertThat(spec.limits().memoryMb()).contains(6400);
        assertThat(CpuQuantity.format(spec.limits().cpu().orElseThrow())).isEqualTo("0.25");
    }

    @ParameterizedTest(name = "account {0}")
    @ValueSource(strings = {"\"\\ud800\"", "\"a\\udc00b\"", "\"x\\u0000y\"", "\"\\ud83d\""})
    void accountsThatPostgresqlCannotStoreAreFieldErrors(String account) {
        FieldError error = onlyError(JsonDocument.parse("{\"tier\":\"tiny\",\"account\":" + account + "}"));
        assertThat(error.field()).isEqualTo("account");
    }

    @Test
    void aPairedSurrogateIsOrdinaryText() {
        assertThat(reader.read(JsonDocument.parse("{\"tier\":\"tiny\",\"account\":\"\\ud83d\\ude00\"}")).errors())
                .isEmpty();
    }

    @Test
    void echoedValuesAndUnknownKeysAreCutShort() {
        String longText = "\\ud800" + "x".repeat(30_000);
        List<FieldError> errors = reader.read(JsonDocument.parse("{\"tier\":\"" + longText + "\",\"" + longText
                + "\":1,\"release\":\"" + longText + "\",\"domains\":[\"" + "a".repeat(250) + ".com\"]}")).errors();
        assertThat(errors).extracting(FieldError::field).hasSize(4);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.message()).hasSizeLessThan(MAX_MESSAGE);
            assertThat(e.field()).hasSizeLessThan(100);
            assertThat(e.message() + e.field()).doesNotContain("\ud800");
        });
    }

    @Test
    void nonStringKeysFromYamlAreNamedWithoutPrintingThem() {
        String yaml = "tier: tiny\n1: a\n~: b\ntrue: c\n2001-12-14: d\n" + "9".repeat(90) + ": e\n'': f\n";
        List<FieldError> errors = reader.read(YamlDocument.parse(yaml)).errors();
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("1", "null", "true", "(a Date)", "9".repeat(63) + "…", "''");
    }
}
