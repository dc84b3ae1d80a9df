package chat.mindroom.operator.reconcile;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Comparison of desired values with what Dokku stores, through the normalizations Dokku applies,
 * so that a converged app compares equal and the loop never rewrites it forever.
 */
public final class DokkuValues {

    private static final Pattern GO_INT = Pattern.compile("^[+-]?[0-9]+$");
    private static final Pattern MEMORY = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)b?$");

    private DokkuValues() {
    }

    /** What {@code config:set} stores for a value: Go-int-looking values as normalized integers. */
    public static String configValue(String value) {
        if (GO_INT.matcher(value).matches()) {
            try {
                return Long.toString(Long.parseLong(value));
            } catch (NumberFormatException tooBig) {
                return value;
            }
        }
        return value;
    }

    public static boolean sameConfig(String desired, String observed) {
        return observed != null && configValue(desired).equals(configValue(observed));
    }

    /** Memory in bytes; a bare number means megabytes (Dokku adds the {@code m}). */
    static Optional<BigDecimal> memoryBytes(String value) {
        Matcher m = MEMORY.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        int power = switch (m.group(2)) {
            case "k" -> 1;
            case "g" -> 3;
            case "t" -> 4;
            default -> 2;
        };
        return Optional.of(number.multiply(BigDecimal.valueOf(1024).pow(power)));
    }

    public static boolean sameMemory(String desired, Optional<String> observed) {
        if (observed.isEmpty()) {
            return false;
        }
        Optional<BigDecimal> a = memoryBytes(desired);
        Optional<BigDecimal> b = memoryBytes(observed.get());
        return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) == 0;
    }

    public static boolean sameCpu(String desired, Optional<String> observed) {
        if (observed.isEmpty()) {
            return false;
        }
        try {
            return new BigDecimal(desired.trim()).compareTo(new BigDecimal(observed.get().trim())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
