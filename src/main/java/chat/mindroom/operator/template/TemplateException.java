package chat.mindroom.operator.template;

/** A template that cannot be used. The message names the file and the key, e.g.
 * {@code templates/tiers.yaml: tiers.free.limits.memoryMb: expected a whole number}. */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
