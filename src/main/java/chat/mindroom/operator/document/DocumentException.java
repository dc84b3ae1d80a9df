package chat.mindroom.operator.document;

/**
 * A request body or template that is not well-formed JSON or YAML, or exceeds a parsing limit. The
 * message says where; {@link #field()} names the value being read when that is known ({@code "$"},
 * the whole document, otherwise). Both are cut short, so an error never echoes a large input.
 */
public final class DocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The whole document, when no field can be named. */
    public static final String WHOLE_DOCUMENT = "$";
    public static final int MAX_FIELD_LENGTH = 128;
    public static final int MAX_MESSAGE_LENGTH = 300;

    private final String field;

    public DocumentException(String message, String field, Throwable cause) {
        super(Excerpt.cut(message, MAX_MESSAGE_LENGTH), cause);
        this.field = Excerpt.cut(field, MAX_FIELD_LENGTH);
    }

    public DocumentException(String message, Throwable cause) {
        this(message, WHOLE_DOCUMENT, cause);
    }

    public DocumentException(String message) {
        this(message, WHOLE_DOCUMENT, null);
    }

    /** The path of the failing value ({@code limits.cpu}, {@code domains[2]}), or {@code "$"}. */
    public String field() {
        return field;
    }
}
