package chat.mindroom.operator.template;

/** A spec and the templates that together give something Dokku cannot take; names the cause. */
public final class RenderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }
}
