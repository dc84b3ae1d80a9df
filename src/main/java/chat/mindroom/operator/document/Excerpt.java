package chat.mindroom.operator.document;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A short, printable rendering of a value read from a document, for error messages: text is cut to
 * {@value #MAX_CHARACTERS} characters, control characters and unpaired surrogates are shown as
 * escapes, numbers never expand their exponent, and lists and objects are named, not printed. The
 * cost and the length of the result do not depend on how large the value is.
 */
public final class Excerpt {

    public static final int MAX_CHARACTERS = 64;
    private static final int MAX_PLAIN_EXPONENT = 20;

    private Excerpt() {
    }

    /** {@code 'text'} (quoted and cut), a number as written, or what kind of value it is. */
    public static String of(Object value) {
        if (value instanceof String text) {
            String cut = cut(text, MAX_CHARACTERS);
            return "'" + cut + "'" + (text.length() > MAX_CHARACTERS ? " (" + text.length() + " characters)" : "");
        }
        return bare(value);
    }

    /** Like {@link #of} without quotes around text: for keys that become part of a field path. */
    public static String bare(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return cut(text, MAX_CHARACTERS);
        }
        if (value instanceof BigDecimal number) {
            return cut(number(number), MAX_CHARACTERS);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return cut(value.toString(), MAX_CHARACTERS);
        }
        if (value instanceof Map<?, ?>) {
            return "(an object)";
        }
        if (value instanceof List<?>) {
            return "(a list)";
        }
        return "(a " + value.getClass().getSimpleName() + ")";
    }

    /** A map key as part of a field path: like {@link #bare}, but the empty key shows as {@code ''}. */
    public static String key(Object key) {
        String name = bare(key);
        return name.isEmpty() ? "''" : name;
    }

    /**
     * {@code 0.25}, {@code 65536}, or {@code 1E+999999999}: plain notation only while the exponent is
     * small, since a plain {@code 1E+999999999} would be a billion characters long.
     */
    public static String number(BigDecimal number) {
        long exponent = (long) number.precision() - number.scale() - 1;
        return Math.abs(exponent) <= MAX_PLAIN_EXPONENT && number.precision() <= MAX_CHARACTERS
                ? number.toPlainString() : number.toString();
    }

    /**
     * At most {@code max} characters of {@code text}, ending in an ellipsis when cut; control
     * characters and unpaired surrogates become {@code \\uXXXX} so the result is printable text.
     */
    public static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 1);
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            String piece = Character.isISOControl(codePoint)
                    || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)
                    ? String.format("\\u%04X", codePoint) : text.substring(i, next);
            int room = next >= text.length() ? max : max - 1;
            if (out.length() + piece.length() > room) {
                out.append('…');
                break;
            }
            out.append(piece);
            i = next;
        }
        return out.toString();
    }
}
