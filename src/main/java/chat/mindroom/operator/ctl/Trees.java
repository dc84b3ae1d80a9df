package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Reading into and printing the plain trees the API speaks. */
final class Trees {

    private Trees() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    /** Follows a dotted path ("status.phase"); null when any step is missing. */
    static Object at(Map<String, Object> tree, String path) {
        Object value = tree;
        for (String step : path.split("\\.")) {
            value = map(value).get(step);
        }
        return value;
    }

    static void print(PrintWriter out, Object tree, String format) {
        if (format.equals("json")) {
            out.println(JsonDocument.writeString(tree));
        } else {
            out.print(YamlDocument.write(tree));
        }
    }
}
