package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.CpuQuantity;
import java.math.BigDecimal;

/** The memory and CPU limits of one app, in the units Dokku's resource plugin stores. */
public record ResourceLimits(int memoryMb, BigDecimal cpu) {

    public ResourceLimits {
        requireNonNull(cpu, "cpu is null");
        cpu = CpuQuantity.normalize(cpu);
    }

    /** {@code 512m}: the value given to {@code resource:limit --memory}. */
    public String dokkuMemory() {
        return memoryMb + "m";
    }

    /** {@code 0.5}: the value given to {@code resource:limit --cpu}. */
    public String dokkuCpu() {
        return CpuQuantity.format(cpu);
    }
}
