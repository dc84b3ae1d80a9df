package chat.mindroom.operator.store;

import java.util.OptionalLong;

/**
 * An optimistic-concurrency precondition of a write, from {@code If-Match} / {@code If-None-Match}.
 *
 * @param ifMatch      the write applies only to this resource version
 * @param mustNotExist {@code If-None-Match: *}: the write may only create
 */
public record Precondition(OptionalLong ifMatch, boolean mustNotExist) {

    public static final Precondition NONE = new Precondition(OptionalLong.empty(), false);

    public Precondition {
        java.util.Objects.requireNonNull(ifMatch, "ifMatch is null");
    }

    public static Precondition ifMatch(long resourceVersion) {
        return new Precondition(OptionalLong.of(resourceVersion), false);
    }
}
