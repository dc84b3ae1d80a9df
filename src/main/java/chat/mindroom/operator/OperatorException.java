package chat.mindroom.operator;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.FieldError;
import java.util.List;

/**
 * The one exception type that crosses adapter boundaries: library exceptions (Jdbi, JSch,
 * SnakeYAML) are translated into it, with an {@link ErrorCode} that says whether a retry can help.
 */
public class OperatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<FieldError> fieldErrors;

    public OperatorException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public OperatorException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public OperatorException(ErrorCode code, String message, List<FieldError> fieldErrors) {
        this(code, message, fieldErrors, null);
    }

    private OperatorException(ErrorCode code, String message, List<FieldError> fieldErrors, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public ErrorCode code() {
        return code;
    }

    /** The failing fields, for validation and domain conflicts; empty otherwise. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public boolean retryable() {
        return code.retryable();
    }
}
