package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The three template files, loaded and cross-checked.
 *
 * @param source a digest of the three files' text: templates that read the same render the same
 */
public record Templates(TierCatalog tiers, Topology topology, AgentCatalog agents, String source) {

    public Templates {
        requireNonNull(tiers, "tiers is null");
        requireNonNull(topology, "topology is null");
        requireNonNull(agents, "agents is null");
        requireNonNull(source, "source is null");
    }

    /** The SHA-256 (hex) of the files' texts, in order, each ended by a NUL. */
    static String digest(List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String text : texts) {
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
