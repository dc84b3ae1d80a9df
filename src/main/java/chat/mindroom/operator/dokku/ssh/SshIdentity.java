package chat.mindroom.operator.dokku.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The private key the operator logs in to a host with, read, unlocked and tried before the first
 * connection, so a key that cannot work stops startup with a reason instead of failing later as
 * {@code Auth fail}. Reads Ed25519, ECDSA and RSA keys in OpenSSH format and RSA and ECDSA keys
 * in PEM (PKCS#1, SEC1, PKCS#8, plain or encrypted).
 *
 * @param type        the SSH key type, e.g. {@code ssh-ed25519}
 * @param fingerprint the {@code SHA256:} fingerprint Dokku's {@code ssh-keys:list} shows for it
 */
public record SshIdentity(String type, String fingerprint) {

    /** The DER encoding of Ed25519's object identifier 1.3.101.112. */
    private static final byte[] ED25519_OID = {0x06, 0x03, 0x2B, 0x65, 0x70};
    private static final byte[] PROBE = "mindroom-operator key check".getBytes(StandardCharsets.US_ASCII);

    /** A key that cannot be used; the message names the key file and says what to do. */
    public static final class UnusableKey extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnusableKey(String message) {
            super(message);
        }
    }

    /**
     * Checks the key in {@code keyFile} (unlocked with the passphrase in {@code passphraseFile} if
     * it has one) and adds it to {@code jsch}.
     */
    public static SshIdentity add(JSch jsch, Path keyFile, Optional<Path> passphraseFile) {
        byte[] key = read(keyFile, "privateKey");
        byte[] passphrase = null;
        KeyPair pair = null;
        try {
            pair = parse(jsch, keyFile, key);
            if (pair.isEncrypted()) {
                if (passphraseFile.isEmpty()) {
                    throw new UnusableKey("privateKey " + keyFile + " is protected by a passphrase: put the passphrase"
                            + " in a file and name it in privateKeyPassphraseFile, or remove it with"
                            + " ssh-keygen -p -N '' -f " + keyFile);
                }
                passphrase = passphrase(passphraseFile.get());
                if (!pair.decrypt(passphrase)) {
                    throw new UnusableKey("privateKeyPassphraseFile " + passphraseFile.get() + " does not unlock "
                            + keyFile + " (wrong passphrase)");
                }
            }
            if (pair.getSignature(PROBE) == null) {
                throw new UnusableKey("privateKey " + keyFile + ": this runtime cannot sign with "
                        + pair.getKeyTypeString()
                        + " keys (Ed25519 needs Java 15+ and a jar whose manifest says Multi-Release: true)");
            }
            SshIdentity identity = new SshIdentity(pair.getKeyTypeString(), pair.getFingerPrint());
            jsch.addIdentity(keyFile.toString(), key.clone(), null, passphrase);
            return identity;
        } catch (JSchException e) {
            throw new UnusableKey("privateKey " + keyFile + ": " + e.getMessage());
        } finally {
            if (pair != null) {
                pair.dispose();
            }
            Arrays.fill(key, (byte) 0);
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private static KeyPair parse(JSch jsch, Path keyFile, byte[] key) {
        String text = new String(key, StandardCharsets.US_ASCII).strip();
        if (text.startsWith("ssh-") || text.startsWith("ecdsa-")) {
            throw new UnusableKey("privateKey " + keyFile + " is a public key: name the private half (the file"
                    + " without .pub); the public half is what goes into dokku ssh-keys:add");
        }
        if (isPkcs8Ed25519(text)) {
            throw new UnusableKey("privateKey " + keyFile + " is an Ed25519 key in PKCS#8 PEM (as openssl writes it),"
                    + " which neither OpenSSH nor this operator reads: use a key from ssh-keygen -t ed25519");
        }
        try {
            return KeyPair.load(jsch, key.clone(), null);
        } catch (JSchException e) {
            throw new UnusableKey("privateKey " + keyFile + " is not a private key this operator reads ("
                    + e.getMessage() + "): use an OpenSSH key (ssh-keygen -t ed25519) or an RSA/ECDSA key in PEM");
        }
    }

    private static boolean isPkcs8Ed25519(String text) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            return false;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
            for (int i = 0; i + ED25519_OID.length <= Math.min(der.length, 32); i++) {
                if (Arrays.equals(der, i, i + ED25519_OID.length, ED25519_OID, 0, ED25519_OID.length)) {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** The passphrase file's content without its line ending. */
    private static byte[] passphrase(Path file) {
        byte[] content = read(file, "privateKeyPassphraseFile");
        int length = content.length;
        if (length > 0 && content[length - 1] == '\n') {
            length--;
            if (length > 0 && content[length - 1] == '\r') {
                length--;
            }
        }
        byte[] passphrase = Arrays.copyOf(content, length);
        Arrays.fill(content, (byte) 0);
        return passphrase;
    }

    private static byte[] read(Path file, String setting) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnusableKey(setting + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
