package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Per-field overrides of the tier's limits. An empty field keeps the tier's value. Memory and CPU
 * bound the backend app; agents, messages per day and storage reach MindRoom through its
 * environment and configuration. CPU is a {@link BigDecimal} so that {@code 0.25} renders as
 * {@code 0.25}, always.
 */
public record LimitOverrides(
        Optional<Integer> memoryMb,
        Optional<BigDecimal> cpu,
        Optional<Integer> storageGb,
        Optional<Integer> agents,
        Optional<MessageQuota> messagesPerDay) {

    public static final int MIN_MEMORY_MB = 64;
    public static final int MAX_MEMORY_MB = 65536;
    public static final BigDecimal MIN_CPU = new BigDecimal("0.05");
    public static final BigDecimal MAX_CPU = new BigDecimal("64");
    public static final int MIN_STORAGE_GB = 1;
    public static final int MAX_STORAGE_GB = 16384;
    public static final int MIN_AGENTS = 1;
    public static final int MAX_AGENTS = 1000;
    public static final int MIN_MESSAGES_PER_DAY = 1;
    public static final int MAX_MESSAGES_PER_DAY = 10_000_000;

    public static final LimitOverrides NONE = new LimitOverrides(Optional.empty(), Optional.empty());

    public LimitOverrides {
        requireNonNull(memoryMb, "memoryMb is null");
        requireNonNull(cpu, "cpu is null");
        requireNonNull(storageGb, "storageGb is null");
        requireNonNull(agents, "agents is null");
        requireNonNull(messagesPerDay, "messagesPerDay is null");
        cpu = cpu.map(CpuQuantity::normalize);
    }

    /** Overrides of the backend's memory and CPU only. */
    public LimitOverrides(Optional<Integer> memoryMb, Optional<BigDecimal> cpu) {
        this(memoryMb, cpu, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return memoryMb.isEmpty() && cpu.isEmpty() && storageGb.isEmpty() && agents.isEmpty()
                && messagesPerDay.isEmpty();
    }
}
