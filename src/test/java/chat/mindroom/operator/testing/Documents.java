package chat.mindroom.operator.testing;

import chat.mindroom.operator.document.JsonDocument;
import java.util.List;
import java.util.Map;

/** Small readers for JSON response bodies in tests. */
public final class Documents {

    private Documents() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        return (Map<String, Object>) JsonDocument.parse(json);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** The "field" of every entry in a problem's "errors". */
    public static List<String> errorFields(String problemJson) {
        Object errors = object(problemJson).get("errors");
        return errors == null ? List.of() : list(errors).stream().map(e -> (String) map(e).get("field")).toList();
    }
}
