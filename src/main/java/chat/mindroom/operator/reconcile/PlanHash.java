package chat.mindroom.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The identity of a destructive plan that waits for an approval: the instance (uid, so a new
 * instance of the same name never inherits an approval), its generation and the removals, in order.
 */
final class PlanHash {

    private PlanHash() {
    }

    static String of(UUID uid, long generation, List<Action> removals) {
        StringBuilder text = new StringBuilder(uid.toString()).append('\n').append(generation);
        removals.stream().map(Action::describe).sorted().forEach(d -> text.append('\n').append(d));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
