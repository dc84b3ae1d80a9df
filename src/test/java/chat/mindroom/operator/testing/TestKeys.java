package chat.mindroom.operator.testing;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SSH client keys for tests: the committed test-only keys under {@code test-keys/} (made with
 * ssh-keygen and openssl), and keys JSch makes on the spot, so the matrix runs where no ssh-keygen is.
 */
public final class TestKeys {

    /** The passphrase of every {@code -passphrase} key here. */
    public static final String PASSPHRASE = "correct horse battery";

    private TestKeys() {
    }

    /** A committed key, e.g. {@code ed25519-openssh}. */
    public static Path committed(String name) {
        URL url = TestKeys.class.getResource("/test-keys/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test key " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed file holding {@link #PASSPHRASE} (with a trailing newline, as an editor leaves it). */
    public static Path passphraseFile() {
        return committed("passphrase.txt");
    }

    /**
     * Makes a key with JSch into {@code file} (its public half into {@code file.pub}): {@code openssh}
     * true writes OpenSSH's format, false the PEM one (RSA and ECDSA only); a non-null
     * {@code passphrase} locks it.
     */
    public static Path generate(Path file, int type, int bits, boolean openssh, String passphrase) {
        try {
            KeyPair pair = bits > 0 ? KeyPair.genKeyPair(new JSch(), type, bits) : KeyPair.genKeyPair(new JSch(), type);
            byte[] secret = passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8);
            if (openssh) {
                pair.writeOpenSSHv1PrivateKey(file.toString(), secret);
            } else {
                pair.writePrivateKey(file.toString(), secret);
            }
            pair.writePublicKey(file + ".pub", "test-only");
            pair.dispose();
            return file;
        } catch (JSchException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code TYPE SHA256:FINGERPRINT} of the public key in {@code key.pub}, computed here from the
     * key blob (as {@code ssh-keygen -l} does), to compare with what the server saw.
     */
    public static String identity(Path key) {
        try {
            String[] fields = Files.readString(Path.of(key + ".pub")).trim().split(" ");
            byte[] blob = Base64.getDecoder().decode(fields[1]);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return fields[0] + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
