package chat.mindroom.operator.dokku.parse;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One app's {@code X:report}, from {@code --format json} (0.38.8+ stripped keys, or the older
 * prefixed keys, or both) or from the text layout on versions without JSON. Lookups name the
 * stripped JSON key ({@code deploy-source}) and find it in whichever shape the host printed.
 */
public final class ParsedReport {

    private final String prefix;
    private final Map<String, String> json;
    private final Map<String, String> text;

    private ParsedReport(String prefix, Map<String, String> json, Map<String, String> text) {
        this.prefix = prefix;
        this.json = Collections.unmodifiableMap(json);
        this.text = Collections.unmodifiableMap(text);
    }

    /** Parses the JSON object a {@code :report APP --format json} prints. */
    public static ParsedReport json(String prefix, String output) {
        Map<String, String> values = new TreeMap<>();
        try {
            if (!(JsonDocument.parse(output.trim()) instanceof Map<?, ?> map)) {
                throw new OperatorException(ErrorCode.UNPARSEABLE_OUTPUT, prefix + ":report did not print a JSON object");
            }
            map.forEach((k, v) -> values.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } catch (DocumentException e) {
            throw new OperatorException(ErrorCode.UNPARSEABLE_OUTPUT, prefix + ":report printed malformed JSON: "
                    + e.getMessage(), e);
        }
        return new ParsedReport(prefix, values, Map.of());
    }

    /**
     * Parses the text layout: a {@code =====>} header, then {@code Key text: value} lines with
     * irregular padding (docs samples) or computed padding (real output).
     */
    public static ParsedReport text(String prefix, String output) {
        Map<String, String> values = new TreeMap<>();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("=====>") || line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            values.put(key, line.substring(colon + 1).trim());
        }
        return new ParsedReport(prefix, Map.of(), values);
    }

    /** The value of {@code key} (stripped JSON form, e.g. {@code deploy-source}), in any shape. */
    public Optional<String> get(String key) {
        if (json.containsKey(key)) {
            return Optional.of(json.get(key));
        }
        if (json.containsKey(prefix + "-" + key)) {
            return Optional.of(json.get(prefix + "-" + key));
        }
        String spaced = key.replace('-', ' ').replace('.', ' ').toLowerCase(Locale.ROOT);
        for (String candidate : new String[] {prefix + " " + spaced, spaced}) {
            if (text.containsKey(candidate)) {
                return Optional.of(text.get(candidate));
            }
        }
        return Optional.empty();
    }

    public String getOrEmpty(String key) {
        return get(key).orElse("");
    }

    /** Every key of the report in stripped form, with its value. */
    public Map<String, String> all() {
        Map<String, String> out = new TreeMap<>();
        if (!json.isEmpty()) {
            json.forEach((k, v) -> out.put(k.startsWith(prefix + "-") ? k.substring(prefix.length() + 1) : k, v));
        } else {
            text.forEach((k, v) -> out.put((k.startsWith(prefix + " ") ? k.substring(prefix.length() + 1) : k)
                    .replace(' ', '-'), v));
        }
        return out;
    }
}
