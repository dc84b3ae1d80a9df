package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How many messages an instance may send per day: a number, or unlimited.
 *
 * @param perDay empty means unlimited
 */
public record MessageQuota(Optional<Integer> perDay) {

    public static final String UNLIMITED_KEY = "unlimited";
    public static final MessageQuota UNLIMITED = new MessageQuota(Optional.empty());

    public MessageQuota {
        requireNonNull(perDay, "perDay is null");
    }

    public static MessageQuota of(int perDay) {
        return new MessageQuota(Optional.of(perDay));
    }

    /** The document form: a number, or {@code "unlimited"}. */
    public Object toTreeValue() {
        return perDay.<Object>map(Long::valueOf).orElse(UNLIMITED_KEY);
    }

    /** The environment form: digits, or {@code unlimited}. */
    public String text() {
        return perDay.map(String::valueOf).orElse(UNLIMITED_KEY);
    }
}
