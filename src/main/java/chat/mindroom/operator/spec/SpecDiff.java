package chat.mindroom.operator.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Describes what changed between two spec documents, field by field, for the audit trail:
 * {@code tier: starter -> professional; limits.memoryMb: (unset) -> 3072}.
 */
public final class SpecDiff {

    private SpecDiff() {
    }

    public static String describe(Map<String, Object> before, Map<String, Object> after) {
        List<String> changes = new ArrayList<>();
        collect("", before, after, changes);
        return changes.isEmpty() ? "no field changed" : String.join("; ", changes);
    }

    private static void collect(String prefix, Map<?, ?> before, Map<?, ?> after, List<String> changes) {
        Set<Object> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (Object key : keys) {
            Object a = before.get(key);
            Object b = after.get(key);
            String path = prefix + key;
            if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
                collect(path + ".", ma, mb, changes);
            } else if (!sameValue(a, b)) {
                changes.add(path + ": " + show(a) + " -> " + show(b));
            }
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number na && b instanceof Number nb) {
            return new java.math.BigDecimal(na.toString()).compareTo(new java.math.BigDecimal(nb.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    private static String show(Object value) {
        return value == null ? "(unset)" : String.valueOf(value);
    }
}
