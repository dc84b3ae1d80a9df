package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of an instance: a DNS label that is the customer's subdomain and the root of every
 * Dokku name the operator derives for it ({@code mr-<name>-backend}, {@code mr-<name>-db}, ...).
 */
public record InstanceName(String value) implements Comparable<InstanceName> {

    public static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9-]{1,28}[a-z0-9]$");

    public InstanceName {
        requireNonNull(value, "value is null");
        problem(value).ifPresent(message -> {
            throw new IllegalArgumentException("instance name '" + value + "' " + message);
        });
    }

    /** Why {@code candidate} is not a valid instance name, or empty when it is. */
    public static Optional<String> problem(String candidate) {
        if (candidate.length() < 3 || candidate.length() > 30) {
            return Optional.of("must be 3 to 30 characters long");
        }
        if (!PATTERN.matcher(candidate).matches()) {
            return Optional.of("must start with a lower-case letter, contain only lower-case letters, digits"
                    + " and hyphens, and end with a letter or digit");
        }
        if (candidate.contains("--")) {
            return Optional.of("must not contain two hyphens in a row");
        }
        return Optional.empty();
    }

    @Override
    public int compareTo(InstanceName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
