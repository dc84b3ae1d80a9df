package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.MatrixServer;
import java.math.BigDecimal;
import java.util.Map;

/** How an app's resource limits are chosen in {@code instance.yaml}. */
public sealed interface LimitsTemplate {

    /** {@code limits: tier}: the tier's limits with the spec's overrides applied. */
    record FromTier() implements LimitsTemplate {
    }

    /** {@code limits: {memoryMb: 128, cpu: 0.1}}: the same for every instance. */
    record Fixed(int memoryMb, BigDecimal cpu) implements LimitsTemplate {
        public Fixed {
            requireNonNull(cpu, "cpu is null");
        }
    }

    /** {@code limits: {tuwunel: {...}, synapse: {...}}}: chosen by the Matrix server. */
    record ByMatrixServer(Map<MatrixServer, Fixed> limits) implements LimitsTemplate {
        public ByMatrixServer {
            limits = Map.copyOf(limits);
        }
    }
}
