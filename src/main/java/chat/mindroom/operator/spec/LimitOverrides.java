package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Per-field overrides of the tier's resource limits for the backend app. An empty field keeps the
 * tier's value. CPU is a {@link BigDecimal} so that {@code 0.25} renders as {@code 0.25}, always.
 */
public record LimitOverrides(Optional<Integer> memoryMb, Optional<BigDecimal> cpu) {

    public static final int MIN_MEMORY_MB = 64;
    public static final int MAX_MEMORY_MB = 65536;
    public static final BigDecimal MIN_CPU = new BigDecimal("0.05");
    public static final BigDecimal MAX_CPU = new BigDecimal("64");

    public static final LimitOverrides NONE = new LimitOverrides(Optional.empty(), Optional.empty());

    public LimitOverrides {
        requireNonNull(memoryMb, "memoryMb is null");
        requireNonNull(cpu, "cpu is null");
        cpu = cpu.map(CpuQuantity::normalize);
    }

    public boolean isEmpty() {
        return memoryMb.isEmpty() && cpu.isEmpty();
    }
}
