package chat.mindroom.operator.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials encrypted for one receiver as an RFC 7516 JWE in compact serialization: a fresh 256-bit
 * content key wrapped with RSA-OAEP-256 (SHA-256, MGF1 SHA-256), the JSON object of the credentials
 * encrypted with A256GCM, the protected header {@code alg}, {@code enc} and {@code kid} as the
 * additional authenticated data. Only the holder of the private key can open it.
 */
public final class CredentialsJwe {

    public static final String ALG = "RSA-OAEP-256";
    public static final String ENC = "A256GCM";
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialsJwe() {
    }

    /** The {@code kid} of the JWE in {@code data.credentials} of a notification's body; empty when there is none. */
    public static Optional<String> kid(String body) {
        try {
            if (JsonDocument.parse(body) instanceof Map<?, ?> payload && payload.get("data") instanceof Map<?, ?> data
                    && data.get("credentials") instanceof String jwe && jwe.indexOf('.') > 0
                    && JsonDocument.parse(Base64.getUrlDecoder().decode(jwe.substring(0, jwe.indexOf('.'))))
                    instanceof Map<?, ?> header && header.get("kid") instanceof String kid) {
                return Optional.of(kid);
            }
        } catch (DocumentException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code credentials} (key to value) as a compact JWE for {@code key}. */
    public static String seal(CredentialsKey key, Map<String, String> credentials) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", ALG);
        header.put("enc", ENC);
        header.put("kid", key.kid());
        String protectedHeader = CredentialsKey.base64url(JsonDocument.writeString(header).getBytes(UTF_8));
        byte[] plaintext = JsonDocument.writeString(new TreeMap<>(credentials)).getBytes(UTF_8);
        byte[] cek = new byte[32];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(cek);
        RANDOM.nextBytes(iv);
        try {
            Cipher wrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
            wrap.init(Cipher.ENCRYPT_MODE, key.publicKey(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT), RANDOM);
            byte[] wrapped = wrap.doFinal(cek);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            gcm.updateAAD(CredentialsKey.ascii(protectedHeader));
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] ciphertext = Arrays.copyOfRange(sealed, 0, sealed.length - TAG_BYTES);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
            return protectedHeader + "." + CredentialsKey.base64url(wrapped) + "." + CredentialsKey.base64url(iv)
                    + "." + CredentialsKey.base64url(ciphertext) + "." + CredentialsKey.base64url(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP-256 or AES-GCM failed in this JDK: " + e.getMessage(), e);
        } finally {
            Arrays.fill(cek, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
