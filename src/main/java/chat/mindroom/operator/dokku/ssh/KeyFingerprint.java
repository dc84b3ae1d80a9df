package chat.mindroom.operator.dokku.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The OpenSSH SHA-256 fingerprint of a private key's public half ({@code SHA256:<base64>}), the form
 * Dokku's events log names the key that ran a command with. Lets the operator tell its own changes
 * from everybody else's.
 */
public final class KeyFingerprint {

    private KeyFingerprint() {
    }

    /** The fingerprint; empty when the key cannot be read (it then fails loudly where it is used to log in). */
    public static Optional<String> of(Path privateKey) {
        try {
            KeyPair pair = KeyPair.load(new JSch(), privateKey.toString());
            byte[] blob = pair.getPublicKeyBlob();
            pair.dispose();
            if (blob == null) {
                return Optional.empty();
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return Optional.of("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest));
        } catch (JSchException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
