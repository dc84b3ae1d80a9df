package chat.mindroom.operator.api;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.FieldError;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document: a stable {@code type}, a {@code title}, the {@code status}, a human
 * {@code detail}, and for validation the list of failing {@code errors} as {field, message}.
 */
record Problem(HttpStatus status, String slug, String title, String detail, List<FieldError> errors) {

    static final String TYPE_PREFIX = "https://mindroom.chat/problems/";

    Problem {
        errors = List.copyOf(errors);
    }

    static Problem of(HttpStatus status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, List.of());
    }

    Map<String, Object> toTree(String instancePath) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", TYPE_PREFIX + slug);
        tree.put("title", title);
        tree.put("status", (long) status.getCode());
        tree.put("detail", detail);
        if (instancePath != null) {
            tree.put("instance", instancePath);
        }
        if (!errors.isEmpty()) {
            tree.put("errors", errors.stream().map(e -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("field", e.field());
                error.put("message", e.message());
                return error;
            }).toList());
        }
        return tree;
    }

    byte[] toJson(String instancePath) {
        return JsonDocument.write(toTree(instancePath));
    }

    MutableHttpResponse<byte[]> toResponse(String instancePath) {
        return HttpResponse.<byte[]>status(status)
                .contentType(MediaTypes.PROBLEM)
                .body(toJson(instancePath));
    }
}
