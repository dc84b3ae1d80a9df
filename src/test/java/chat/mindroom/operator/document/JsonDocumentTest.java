package chat.mindroom.operator.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDocumentTest {

    private static DocumentException failure(byte[] json) {
        try {
            JsonDocument.parse(json);
        } catch (DocumentException e) {
            return e;
        }
        throw new AssertionError("parsed without error: " + Excerpt.of(new String(json, StandardCharsets.UTF_8)));
    }

    private static DocumentException failure(String json) {
        return failure(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nestingUpToTheLimitParsesAndOneLevelMoreIsASyntaxError() {
        int limit = JsonDocument.MAX_DEPTH;
        assertThat(JsonDocument.parse("[".repeat(limit) + "]".repeat(limit))).isNotNull();
        DocumentException deeper = failure("[".repeat(limit + 1) + "]".repeat(limit + 1));
        assertThat(deeper.getMessage()).contains("nesting depth");
        assertThat(deeper.field()).startsWith("[0][0]");
    }

    @Test
    void aHundredThousandOpeningBracketsAreASmallSyntaxError() {
        DocumentException e = failure("[".repeat(100_000));
        assertThat(e.getMessage().length()).isLessThan(300);
        assertThat(e.field().length()).isLessThanOrEqualTo(DocumentException.MAX_FIELD_LENGTH);
        DocumentException objects = failure("{\"limits\":".repeat(50_000));
        assertThat(objects.field()).startsWith("limits.limits.");
    }

    @Test
    void numbersWithTooManyDigitsNameTheField() {
        DocumentException e = failure("{\"limits\":{\"memoryMb\":" + "1234567890".repeat(1000) + "}}");
        assertThat(e.field()).isEqualTo("limits.memoryMb");
        assertThat(e.getMessage()).contains("Number value length").doesNotContain("StreamReadConstraints");
        assertThat(failure("{\"domains\":[1, 0." + "5".repeat(10_000) + "]}").field()).isEqualTo("domains[1]");
    }

    @Test
    void anExponentBeyondWhatANumberCanHoldIsASyntaxError() {
        DocumentException e = failure("{\"limits\":{\"cpu\":1e9999999999}}");
        assertThat(e.field()).isEqualTo("limits.cpu");
        assertThat(e.getMessage()).contains("out of range");
        assertThat(failure("{\"cpu\":-1e-9999999999}").field()).isEqualTo("cpu");
    }

    @Test
    void hugeButRepresentableExponentsAreReadCheaply() {
        Map<?, ?> tree = (Map<?, ?>) JsonDocument.parse("{\"a\":1e999999999,\"b\":1e-999999999,\"c\":-0}");
        assertThat(tree.get("a")).isEqualTo(new BigDecimal("1e999999999"));
        assertThat(tree.get("b")).isEqualTo(new BigDecimal("1e-999999999"));
        assertThat(tree.get("c")).isEqualTo(0L);
    }

    @Test
    void bytesThatAreNotUtf8AreASyntaxError() {
        byte[] invalidStart = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
        byte[] overlongNul = {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0x80, '"', '}'};
        byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'};
        for (byte[] body : new byte[][] {invalidStart, overlongNul, encodedSurrogate}) {
            assertThat(failure(body).getMessage()).contains("UTF-8");
        }
    }

    @Test
    void errorMessagesDoNotEchoLongInput() {
        String token = "x".repeat(60_000);
        assertThat(failure("{\"tier\":" + token + "}").getMessage().length()).isLessThan(400);
        assertThat(failure("{\"" + token + "\" 1}").getMessage().length()).isLessThan(400);
        assertThat(failure("{\"" + token + "\" 1}").field().length())
                .isLessThanOrEqualTo(DocumentException.MAX_FIELD_LENGTH);
    }
}
