package chat.mindroom.operator.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A position in a parsed template file that knows its own path, so every complaint names the file
 * and the key ({@code templates/tiers.yaml: tiers.free.limits.cpu: expected a number}).
 */
final class TemplateNode {

    private final String file;
    private final String path;
    private final Object value;

    TemplateNode(String file, String path, Object value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    TemplateException error(String message) {
        return new TemplateException(file + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + message);
    }

    String path() {
        return path;
    }

    boolean isNull() {
        return value == null;
    }

    boolean isString() {
        return value instanceof String;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The entries of a map, in file order. */
    Map<String, TemplateNode> entries() {
        if (!(value instanceof Map<?, ?> map)) {
            throw error("expected a map" + describe());
        }
        Map<String, TemplateNode> entries = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(k instanceof String key)) {
                throw error("keys must be strings, got " + k);
            }
            entries.put(key, new TemplateNode(file, child(key), v));
        });
        return entries;
    }

    TemplateNode get(String key) {
        Map<String, TemplateNode> entries = entries();
        TemplateNode node = entries.get(key);
        return node != null ? node : new TemplateNode(file, child(key), null);
    }

    TemplateNode required(String key) {
        TemplateNode node = get(key);
        if (node.isNull()) {
            throw node.error("is required");
        }
        return node;
    }

    void allowOnly(Set<String> keys) {
        for (String key : entries().keySet()) {
            if (!keys.contains(key)) {
                throw new TemplateNode(file, child(key), null).error("unknown key (allowed: "
                        + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    List<TemplateNode> items() {
        if (!(value instanceof List<?> list)) {
            throw error("expected a list" + describe());
        }
        List<TemplateNode> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            items.add(new TemplateNode(file, path + "[" + i + "]", list.get(i)));
        }
        return items;
    }

    String string() {
        if (value instanceof String s) {
            return s;
        }
        throw error("expected a string" + describe());
    }

    /** Scalars that YAML reads as numbers or booleans are taken as their text (env values). */
    String scalarText() {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw error("expected a single value" + describe());
    }

    List<String> strings() {
        return items().stream().map(TemplateNode::string).toList();
    }

    int wholeNumber() {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            throw error("number out of range: " + value);
        }
        throw error("expected a whole number" + describe());
    }

    Optional<Integer> optionalWholeNumber() {
        return isNull() ? Optional.empty() : Optional.of(wholeNumber());
    }

    BigDecimal decimal() {
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d);
        }
        throw error("expected a number" + describe());
    }

    boolean bool() {
        if (value instanceof Boolean b) {
            return b;
        }
        throw error("expected true or false" + describe());
    }

    private String describe() {
        return value == null ? "" : ", got '" + value + "'";
    }
}
