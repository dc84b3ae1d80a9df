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

    private static final Set<String> FIELDS = Set.of("memoryMb", "cpu", "storageGb", "agents", "messagesPerDay");

    private LimitsReader() {
    }

    static LimitOverrides read(Object value, List<FieldError> errors) {
        if (value == null) {
            return LimitOverrides.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError("limits", "must be an object with any of memoryMb, cpu, storageGb, agents"
                    + " and messagesPerDay"));
            return LimitOverrides.NONE;
        }
        SpecReader.rejectUnknown(map, FIELDS, "limits.", errors);
        return new LimitOverrides(
                whole(map.get("memoryMb"), "limits.memoryMb", LimitOverrides.MIN_MEMORY_MB,
                        LimitOverrides.MAX_MEMORY_MB, "megabytes", "MB", errors),
                cpu(map.get("cpu"), errors),
                whole(map.get("storageGb"), "limits.storageGb", LimitOverrides.MIN_STORAGE_GB,
                        LimitOverrides.MAX_STORAGE_GB, "gigabytes", "GB", errors),
                whole(map.get("agents"), "limits.agents", LimitOverrides.MIN_AGENTS, LimitOverrides.MAX_AGENTS,
                        "agents", "agents", errors),
                messages(map.get("messagesPerDay"), errors));
    }

    private static Optional<MessageQuota> messages(Object raw, List<FieldError> errors) {
        if (MessageQuota.UNLIMITED_KEY.equals(raw)) {
            return Optional.of(MessageQuota.UNLIMITED);
        }
        if (raw instanceof String) {
            errors.add(new FieldError("limits.messagesPerDay", "must be a whole number of messages or 'unlimited',"
                    + " got " + Excerpt.of(raw)));
            return Optional.empty();
        }
        return whole(raw, "limits.messagesPerDay", LimitOverrides.MIN_MESSAGES_PER_DAY,
                LimitOverrides.MAX_MESSAGES_PER_DAY, "messages or 'unlimited'", "messages", errors).map(MessageQuota::of);
    }

    private static Optional<Integer> whole(Object raw, String field, int min, int max, String unit,
                                           String shortUnit, List<FieldError> errors) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = decimal(raw);
        if (number.isEmpty() || !isWhole(number.get())) {
            errors.add(new FieldError(field, "must be a whole number of " + unit + ", got " + Excerpt.of(raw)));
            return Optional.empty();
        }
        if (number.get().compareTo(BigDecimal.valueOf(min)) < 0 || number.get().compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + " " + shortUnit + ", got "
                    + Excerpt.of(number.get())));
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
    static boolean isWhole(BigDecimal number) {
        return number.scale() <= 0 || number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    static Optional<BigDecimal> decimal(Object value) {
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
