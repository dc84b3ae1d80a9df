package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an instance's conditions from its previous ones: a condition keeps its
 * {@code lastTransitionTime} while its status stays the same, and takes {@code now} (the moment the
 * new value was established) when it changes. Conditions not set again are carried over.
 */
final class Conditions {

    static final String TRUE = "True";
    static final String FALSE = "False";
    static final String UNKNOWN = "Unknown";

    private final List<Condition> previous;
    private final Instant now;
    private final List<Condition> next = new ArrayList<>();

    Conditions(InstanceStatus status, Instant now) {
        this.previous = status.conditions();
        this.now = now;
    }

    Conditions set(String type, String status, String reason, String message) {
        next.removeIf(c -> c.type().equals(type));
        Instant since = previous.stream().filter(c -> c.type().equals(type) && c.status().equals(status))
                .map(Condition::lastTransitionTime).findFirst().orElse(now);
        next.add(new Condition(type, status, reason, message, since));
        return this;
    }

    Conditions set(String type, boolean status, String reason, String message) {
        return set(type, status ? TRUE : FALSE, reason, message);
    }

    /** The conditions set here, then the previous ones not set again, in their order. */
    List<Condition> withPrevious() {
        List<Condition> out = new ArrayList<>(next);
        for (Condition c : previous) {
            if (out.stream().noneMatch(n -> n.type().equals(c.type()))) {
                out.add(c);
            }
        }
        return order(out);
    }

    /** Only the conditions set here. */
    List<Condition> only() {
        return order(next);
    }

    private static List<Condition> order(List<Condition> conditions) {
        List<String> types = List.of("Ready", "Synced", "Healthy", "TLS", "Rollout");
        List<Condition> out = new ArrayList<>(conditions);
        out.sort((a, b) -> Integer.compare(rank(types, a.type()), rank(types, b.type())));
        return out;
    }

    private static int rank(List<String> types, String type) {
        int i = types.indexOf(type);
        return i < 0 ? types.size() : i;
    }
}
