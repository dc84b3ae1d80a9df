package chat.mindroom.operator.spec;

import chat.mindroom.operator.document.Excerpt;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code limits} object. Numbers are taken as {@link BigDecimal} and only ever compared,
 * stripped of zeros and printed in scientific notation until they are known to be in range: a
 * {@code 1e999999999} costs as little as a {@code 1}, where turning it into an integer or plain
 * text would take minutes and a gigabyte.
 */
final class LimitsReader {

    private static final Set<String> FIELDS = Set.of("memoryMb", "cpu");
    private static final BigDecimal MIN_MEMORY = BigDecimal.valueOf(LimitOverrides.MIN_MEMORY_MB);
    private static final BigDecimal MAX_MEMORY = BigDecimal.valueOf(LimitOverrides.MAX_MEMORY_MB);

    private LimitsReader() {
    }

    static LimitOverrides read(Object value, List<FieldError> errors) {
        if (value == null) {
            return LimitOverrides.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError("limits", "must be an object with memoryMb and/or cpu"));
            return LimitOverrides.NONE;
        }
        SpecReader.rejectUnknown(map, FIELDS, "limits.", errors);
        return new LimitOverrides(memory(map.get("memoryMb"), errors), cpu(map.get("cpu"), errors));
    }

    private static Optional<Integer> memory(Object raw, List<FieldError> errors) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = decimal(raw);
        if (number.isEmpty() || !isWhole(number.get())) {
            errors.add(new FieldError("limits.memoryMb", "must be a whole number of megabytes, got "
                    + Excerpt.of(raw)));
            return Optional.empty();
        }
        if (number.get().compareTo(MIN_MEMORY) < 0 || number.get().compareTo(MAX_MEMORY) > 0) {
            errors.add(new FieldError("limits.memoryMb", "must be between " + LimitOverrides.MIN_MEMORY_MB
                    + " and " + LimitOverrides.MAX_MEMORY_MB + " MB, got " + Excerpt.of(number.get())));
            return Optional.empty();
        }
        return Optional.of(number.get().intValueExact());
    }

    private static Optional<BigDecimal> cpu(Object raw, List<FieldError> errors) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = decimal(raw);
        if (number.isEmpty()) {
            errors.add(new FieldError("limits.cpu", "must be a finite number of CPUs, got " + Excerpt.of(raw)));
        } else if (number.get().compareTo(LimitOverrides.MIN_CPU) < 0
                || number.get().compareTo(LimitOverrides.MAX_CPU) > 0) {
            errors.add(new FieldError("limits.cpu", "must be between " + LimitOverrides.MIN_CPU.toPlainString()
                    + " and " + LimitOverrides.MAX_CPU.toPlainString() + " CPUs, got " + Excerpt.of(number.get())));
        } else if (number.get().stripTrailingZeros().scale() > 2) {
            // In range, so the exponent is small and plain text is short.
            errors.add(new FieldError("limits.cpu", "must have at most two decimal places, got "
                    + Excerpt.of(number.get())));
        } else {
            return number;
        }
        return Optional.empty();
    }

    /**
     * True when {@code number} has no fractional part. Only strips zeros when the scale is positive,
     * which lowers the scale and so cannot overflow it (a scale near {@code Integer.MIN_VALUE} would).
     */
    private static boolean isWhole(BigDecimal number) {
        return number.scale() <= 0 || number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static Optional<BigDecimal> decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return Optional.of(d);
        }
        if (value instanceof BigInteger b) {
            return Optional.of(new BigDecimal(b));
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Optional.of(BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? Optional.of(BigDecimal.valueOf(d)) : Optional.empty();
        }
        return Optional.empty();
    }
}
