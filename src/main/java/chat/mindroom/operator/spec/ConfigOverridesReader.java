package chat.mindroom.operator.spec;

import chat.mindroom.operator.document.Excerpt;
import chat.mindroom.operator.document.JsonDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code configOverrides}: a document deep-merged (RFC 7386 merge patch: objects merge, a
 * {@code null} removes a key, anything else replaces) into the rendered MindRoom configuration.
 * Only the sections the customer may shape are accepted at the top; {@code tier} and {@code limits}
 * are the operator's (they follow the spec's tier and limits). Bounded in size and depth; numbers
 * are kept to what survives JSON, YAML and PostgreSQL unchanged; keys that look like secrets are
 * refused, because overrides are shown in plans and the audit trail.
 */
final class ConfigOverridesReader {

    /** Top-level sections an override may change (the rendered configuration's other keys are owned). */
    static final Set<String> SECTIONS = Set.of("agents", "models", "tools", "defaults", "defaultModel");
    /** Top-level keys of the rendered configuration that follow the spec and are never overridden. */
    static final Set<String> OWNED = Set.of("tier", "limits");
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_DEPTH = 8;
    static final int MAX_KEY_LENGTH = 100;
    static final int MAX_TEXT_LENGTH = 4000;
    private static final int MAX_PATH = 120;
    private static final int MAX_SIGNIFICANT_DIGITS = 15;
    private static final BigDecimal MAX_NUMBER = BigDecimal.valueOf(9_007_199_254_740_991L);
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|credential|bearer).*");

    private ConfigOverridesReader() {
    }

    static Map<String, Object> read(Object value, List<FieldError> errors) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError("configOverrides", "must be an object of MindRoom configuration sections"));
            return Map.of();
        }
        int before = errors.size();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String path = "configOverrides." + Excerpt.key(entry.getKey());
            if (!(entry.getKey() instanceof String key) || !(SECTIONS.contains(key) || OWNED.contains(key))) {
                errors.add(new FieldError(path, "unknown field (allowed: agents, defaultModel, defaults, models,"
                        + " tools)"));
                continue;
            }
            if (OWNED.contains(key)) {
                errors.add(new FieldError(path, "is owned by the operator: it follows the spec's "
                        + (key.equals("tier") ? "tier" : "tier and limits (limits.agents, limits.messagesPerDay)")));
                continue;
            }
            Object section = entry.getValue();
            boolean scalarSection = key.equals("defaultModel");
            if (section != null && scalarSection != (section instanceof String)) {
                errors.add(new FieldError(path, scalarSection ? "must be a model name" : "must be an object"));
                continue;
            }
            if (section != null && !scalarSection && !(section instanceof Map<?, ?>)) {
                errors.add(new FieldError(path, "must be an object"));
                continue;
            }
            out.put(key, value(section, path, 1, errors));
        }
        if (errors.size() > before) {
            return Map.of();
        }
        int bytes = JsonDocument.write(out).length;
        if (bytes > MAX_BYTES) {
            errors.add(new FieldError("configOverrides", "must be at most " + MAX_BYTES + " bytes as JSON, got "
                    + bytes));
            return Map.of();
        }
        return out;
    }

    /** The normalized value, or null after adding an error (the caller discards the result then). */
    private static Object value(Object raw, String path, int depth, List<FieldError> errors) {
        if (raw == null || raw instanceof Boolean) {
            return raw;
        }
        if (raw instanceof String text) {
            textProblem(text, MAX_TEXT_LENGTH).ifPresent(p -> errors.add(new FieldError(path, p)));
            return text;
        }
        if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
            if (depth >= MAX_DEPTH) {
                errors.add(new FieldError(path, "nests deeper than " + MAX_DEPTH + " levels"));
                return null;
            }
            return raw instanceof Map<?, ?> map ? object(map, path, depth, errors) : list((List<?>) raw, path, depth,
                    errors);
        }
        Optional<BigDecimal> number = LimitsReader.decimal(raw);
        if (number.isPresent()) {
            return number(number.get(), path, errors);
        }
        errors.add(new FieldError(path, "must be text, a number, true, false, null, a list or an object, got "
                + Excerpt.of(raw)));
        return null;
    }

    private static Map<String, Object> object(Map<?, ?> map, String path, int depth, List<FieldError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String child = Excerpt.cut(path + "." + Excerpt.key(entry.getKey()), MAX_PATH);
            if (!(entry.getKey() instanceof String key)) {
                errors.add(new FieldError(child, "keys must be text"));
                continue;
            }
            Optional<String> problem = textProblem(key, MAX_KEY_LENGTH);
            if (problem.isEmpty() && key.isEmpty()) {
                problem = Optional.of("keys must not be empty");
            }
            if (problem.isEmpty() && SECRET_KEY.matcher(key).matches()) {
                problem = Optional.of("looks like a secret; configOverrides is shown in plans and the audit trail,"
                        + " so secrets do not belong in it");
            }
            if (problem.isPresent()) {
                errors.add(new FieldError(child, problem.get()));
                continue;
            }
            out.put(key, value(entry.getValue(), child, depth + 1, errors));
        }
        return out;
    }

    private static List<Object> list(List<?> items, String path, int depth, List<FieldError> errors) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(value(items.get(i), Excerpt.cut(path + "[" + i + "]", MAX_PATH), depth + 1, errors));
        }
        return out;
    }

    /**
     * Whole numbers within ±(2^53 - 1) become {@code Long}; others need at most 15 significant digits
     * and 15 decimal places, so a double read back from YAML is the same number. Compared before any
     * expansion, so {@code 1e999999999} costs nothing.
     */
    private static Object number(BigDecimal number, String path, List<FieldError> errors) {
        if (number.abs().compareTo(MAX_NUMBER) > 0) {
            errors.add(new FieldError(path, "must be at most " + MAX_NUMBER + " in size, got " + Excerpt.of(number)));
            return null;
        }
        if (LimitsReader.isWhole(number)) {
            return number.signum() == 0 ? 0L : number.longValueExact();
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.precision() > MAX_SIGNIFICANT_DIGITS || stripped.scale() > MAX_SIGNIFICANT_DIGITS) {
            errors.add(new FieldError(path, "must have at most " + MAX_SIGNIFICANT_DIGITS + " significant digits and "
                    + MAX_SIGNIFICANT_DIGITS + " decimal places, got " + Excerpt.of(number)));
            return null;
        }
        return stripped;
    }

    private static Optional<String> textProblem(String text, int maxLength) {
        if (text.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters, got " + text.length());
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f)) {
            return Optional.of("must not contain control characters such as NUL, got " + Excerpt.of(text));
        }
        if (text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            return Optional.of("must be valid Unicode text, got an unpaired surrogate in " + Excerpt.of(text));
        }
        return Optional.empty();
    }
}
