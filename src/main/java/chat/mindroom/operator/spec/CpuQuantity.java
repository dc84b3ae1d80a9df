package chat.mindroom.operator.spec;

import java.math.BigDecimal;

/** CPU counts are compared and printed in one canonical form: no trailing zeros, no exponent. */
public final class CpuQuantity {

    private CpuQuantity() {
    }

    public static BigDecimal normalize(BigDecimal cpu) {
        BigDecimal stripped = cpu.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** {@code 1}, {@code 0.25}, {@code 4}: the text Dokku receives and stores. */
    public static String format(BigDecimal cpu) {
        return normalize(cpu).toPlainString();
    }
}
