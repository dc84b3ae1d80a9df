package chat.mindroom.operator.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of request documents for fuzzing: spec-shaped trees whose leaves are hostile numbers,
 * strings with escapes PostgreSQL refuses, YAML tags and aliases; rendered as JSON, as block or flow
 * YAML, cut and spliced at random places, or replaced by deep nesting and token soup.
 */
final class HostileDocuments {

    private static final List<String> KEYS = List.of("tier", "account", "limits", "memoryMb", "cpu", "matrix",
            "enabled", "server", "domains", "release", "suspended", "backupOnDelete", "subscriptionId", "storageGb",
            "agents", "messagesPerDay", "logLevel", "configOverrides", "models", "tools", "defaults",
            "defaultModel", "api_key");
    private static final List<String> NUMBERS = List.of("1e999999999", "-1e999999999", "1e-999999999",
            "1e9999999999", "1e2147483647", "1e-2147483648", "-0", "-0.0", "0", "1.5", "64", "65536", "0.05", "64.00",
            "6.4e3", "25e-2", "1E+2", "0.1e1", "00", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity");
    private static final List<String> ESCAPES = List.of("\\ud800", "\\udfff", "\\ud83d\\ude00", "\\ud83d", "\\u0000",
            "\\n", "\\\"", "\\\\", "\\u00e9", "\\/", "\\x00", "\\0", "\\U0010FFFF", "\\uZZZZ", "\\");
    private static final List<String> YAML_SCALARS = List.of(".inf", "-.inf", ".nan", "1.0e+999999999",
            "-1.0e-999999999", "0x7fffffffffffffffffffffffffffffff", "0b1010", "0o17", "017", "190:20:30", "1_000",
            "~", "null", "yes", "no", "on", "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!timestamp 2001-99-99",
            "!!float 1e999", "!!int 0x", "!!int \"\"", "!!str 1", "&a x", "*a", "*undefined", "!!set {a}",
            "!!omap [a: 1]", "!!java.io.File x", "!local x", "'\\ud800'", "\"\\ud800\"", "\"\\0\"", "\"\\x00\"",
            "\"\\UFFFFFFFF\"", "|\n  text", ">-\n  folded", "[a, *a]", "{a: b, a: c}", "? [a, b]\n: 1");
    private static final List<String> SPLICES = List.of("", "[", "]", "{", "}", ":", ",", "\"", "'", "\n", "\t",
            " ", "-", "#", "&a ", "*a", "<<: *a\n", "? ", "!!", "%YAML 1.1\n---\n", "---\n", "...", "\\", "\u0000",
            "\ud800", "\ufeff", "1e999999999", "9".repeat(200), "[".repeat(100));

    private HostileDocuments() {
    }

    private static Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(120);
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("e", "E", "e+", "e-"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12)).as(String::concat);
        Arbitrary<String> generated = Combinators.combine(Arbitraries.of("", "-"), digits,
                digits.map(d -> "." + d).injectNull(0.5), exponent.injectNull(0.5))
                .as((sign, whole, fraction, exp) -> sign + whole + (fraction == null ? "" : fraction)
                        + (exp == null ? "" : exp));
        return Arbitraries.oneOf(Arbitraries.of(NUMBERS), generated);
    }

    private static Arbitrary<String> quotedText() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(ESCAPES),
                Arbitraries.strings().alpha().numeric().ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(3),
                Arbitraries.of("tiny", "big", "tuwunel", "synapse", "chat.example.com", "v1.2", "x".repeat(300),
                        "unlimited", "debug", "warning", "sub_1Mx", "urn:sub:42"));
        return piece.list().ofMaxSize(6).map(p -> "\"" + String.join("", p) + "\"");
    }

    /** An object as written: entries in order, duplicates kept (the parsers must refuse those). */
    private record Entries(List<Map.Entry<String, Object>> entries) {
    }

    /** A JSON-ish tree of scalars (already rendered), lists and {@link Entries}. */
    private static Arbitrary<Object> tree(Arbitrary<String> scalars) {
        Arbitrary<Object> leaf = scalars.map(s -> s);
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(KEYS), quotedText().map(q -> q.substring(1,
                q.length() - 1)));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> (Object) l),
                Combinators.combine(keys, inner).as(Map::entry).list().ofMaxSize(4).map(e -> (Object) new Entries(e))),
                0, 3);
    }

    private static String json(Object tree) {
        if (tree instanceof Entries object) {
            return object.entries().stream().map(e -> "\"" + e.getKey() + "\":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (tree instanceof List<?> list) {
            return list.stream().map(HostileDocuments::json).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(tree);
    }

    private static String yaml(Object tree, String indent) {
        if (tree instanceof Entries object && !object.entries().isEmpty()) {
            return object.entries().stream()
                    .map(e -> "\n" + indent + e.getKey() + ":" + yaml(e.getValue(), indent + "  "))
                    .collect(Collectors.joining());
        }
        if (tree instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(v -> "\n" + indent + "-" + yaml(v, indent + "  ")).collect(Collectors.joining());
        }
        return " " + json(tree);
    }

    /** A spec-shaped object: a real tier most of the time, then random fields. */
    private static Arbitrary<Object> specShaped(Arbitrary<String> scalars) {
        Arbitrary<Map.Entry<String, Object>> field = Combinators.combine(Arbitraries.of(KEYS), tree(scalars))
                .as(Map::entry);
        return Combinators.combine(Arbitraries.of("\"tiny\"", "\"big\"", "\"none\"", "1"), field.list().ofMaxSize(5))
                .as((tier, fields) -> {
                    List<Map.Entry<String, Object>> entries = new ArrayList<>();
                    entries.add(Map.entry("tier", tier));
                    entries.addAll(fields);
                    return new Entries(entries);
                });
    }

    /** The text with a random splice: a cut, an insertion, or both. */
    private static Arbitrary<String> spliced(Arbitrary<String> texts) {
        return texts.flatMap(text -> Combinators.combine(Arbitraries.integers().between(0, text.length()),
                Arbitraries.integers().between(0, 8), Arbitraries.of(SPLICES))
                .as((at, cut, insert) -> text.substring(0, at) + insert
                        + text.substring(Math.min(text.length(), at + cut))));
    }

    private static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.of("[", "{\"a\":", "- ", "a:\n  ", "{a: ", "[[", "- [", "? "),
                Arbitraries.integers().between(1, 5000), Arbitraries.of("", "]", "}", "1"))
                .as((open, depth, close) -> open.repeat(depth) + close.repeat(depth));
    }

    private static Arbitrary<String> tokenSoup() {
        return Arbitraries.oneOf(Arbitraries.of(SPLICES), Arbitraries.of(YAML_SCALARS), numbers(), quotedText())
                .list().ofMaxSize(20).map(tokens -> String.join("", tokens));
    }

    static Arbitrary<String> jsonDocuments() {
        Arbitrary<String> scalars = Arbitraries.oneOf(numbers(), quotedText(), Arbitraries.of("true", "false", "null"));
        Arbitrary<String> documents = specShaped(scalars).map(HostileDocuments::json);
        return Arbitraries.frequencyOf(
                Tuple.of(6, documents), Tuple.of(3, spliced(documents)),
                Tuple.of(1, deepNesting()), Tuple.of(1, tokenSoup()));
    }

    static Arbitrary<String> yamlDocuments() {
        Arbitrary<String> scalars = Arbitraries.oneOf(numbers(), quotedText(), Arbitraries.of(YAML_SCALARS));
        Arbitrary<String> block = specShaped(scalars).map(tree -> yaml(tree, "").substring(1));
        Arbitrary<String> flow = specShaped(scalars).map(HostileDocuments::json);
        return Arbitraries.frequencyOf(
                Tuple.of(4, block), Tuple.of(2, flow),
                Tuple.of(3, spliced(block)), Tuple.of(1, deepNesting()),
                Tuple.of(1, tokenSoup()));
    }
}
