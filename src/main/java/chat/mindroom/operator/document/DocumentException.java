package chat.mindroom.operator.document;

/** A request body or template that is not well-formed JSON or YAML. The message says where. */
public final class DocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DocumentException(String message, Throwable cause) {
        super(message, cause);
    }

    public DocumentException(String message) {
        super(message);
    }
}
