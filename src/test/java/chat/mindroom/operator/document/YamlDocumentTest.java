package chat.mindroom.operator.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlDocumentTest {

    private static DocumentException failure(byte[] yaml) {
        try {
            YamlDocument.parse(yaml);
        } catch (DocumentException e) {
            return e;
        }
        throw new AssertionError("parsed without error: " + Excerpt.of(new String(yaml, StandardCharsets.UTF_8)));
    }

    private static DocumentException failure(String yaml) {
        return failure(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deepFlowAndBlockNestingAreSyntaxErrors() {
        assertThat(failure("[".repeat(100_000)).getMessage()).contains("Nesting Depth");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            block.append(" ".repeat(i)).append("a:\n");
        }
        assertThat(failure(block.toString()).getMessage()).contains("Nesting Depth");
        assertThat(failure("- ".repeat(1000) + "x").getMessage()).contains("Nesting Depth");
    }

    @Test
    void numbersWithTooManyCharactersAreSyntaxErrorsWithTheirLine() {
        DocumentException digits = failure("tier: free\nlimits:\n  memoryMb: " + "1234567890".repeat(15) + "\n");
        assertThat(digits.getMessage()).contains("line 3").contains("number").hasSizeLessThan(300);
        assertThat(failure("cpu: 0x" + "f".repeat(500)).getMessage()).contains("number");
        assertThat(failure("cpu: 1." + "5".repeat(500)).getMessage()).contains("number");
        assertThat(failure("cpu: !!int \"" + "9".repeat(50_000) + "\"").getMessage()).contains("number");
        assertThat(failure("cpu: !!float \"" + "9".repeat(50_000) + "\"").getMessage()).contains("number");
    }

    @Test
    void plainScalarsTooLongToBeResolvedStayText() {
        // SnakeYAML does not match very long plain scalars against the number patterns at all.
        Map<?, ?> tree = (Map<?, ?>) YamlDocument.parse("a: " + "1234567890".repeat(1000));
        assertThat(tree.get("a")).isInstanceOf(String.class);
    }

    @Test
    void hugeExponentsInYamlAreReadCheaply() {
        Map<?, ?> tree = (Map<?, ?>) YamlDocument.parse("a: 1.0e+999999999\nb: -1.0e-999999999\nc: -0");
        assertThat(tree.get("a")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(tree.get("c")).isEqualTo(0);
    }

    @Test
    void bytesThatAreNotUtf8AreASyntaxErrorNotReplacementCharacters() {
        byte[] invalidStart = {'a', ':', ' ', (byte) 0xff};
        byte[] overlongNul = {'a', ':', ' ', (byte) 0xc0, (byte) 0x80};
        byte[] encodedSurrogate = {'a', ':', ' ', (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        for (byte[] body : new byte[][] {invalidStart, overlongNul, encodedSurrogate}) {
            assertThat(failure(body).getMessage()).contains("UTF-8");
        }
    }

    @Test
    void listsAndObjectsAsKeysAreRefusedBeforeAliasesMakeThemCostly() {
        StringBuilder yaml = new StringBuilder("x0: &a0 [" + "1,".repeat(20_000) + "1]\n");
        for (int i = 1; i <= 6; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        assertThat(failure(yaml + "? [*a6, *a6]\n: 1\n").getMessage()).contains("line 8").contains("as a key");
        assertThat(failure(yaml + "m:\n  <<: {? [*a6]: 1}\n").getMessage()).contains("as a key");
        assertThat(failure(yaml + "s: !!set {? {a: *a6}}\n").getMessage()).contains("as a key");
        assertThat(YamlDocument.parse("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n").toString())
                .isEqualTo("{base={x=1}, use={x=1, y=2}}");
    }

    @Test
    void constructorFailuresAreSyntaxErrors() {
        assertThatThrownBy(() -> YamlDocument.parse("a: !!java.io.File x")).isInstanceOf(DocumentException.class);
        assertThatThrownBy(() -> YamlDocument.parse("a: !!int 0x")).isInstanceOf(DocumentException.class);
    }
}
