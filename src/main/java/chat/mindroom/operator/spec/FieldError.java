package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

/**
 * One failing field of a request, named by its path in the document
 * ({@code limits.memoryMb}, {@code domains[2]}).
 */
public record FieldError(String field, String message) {

    public FieldError {
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }
}
