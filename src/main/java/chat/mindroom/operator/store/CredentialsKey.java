package chat.mindroom.operator.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An endpoint's RSA public key for the credentials it is sent: read from PEM ({@code BEGIN PUBLIC KEY},
 * at least 2048 bits), named by its RFC 7638 SHA-256 JWK thumbprint (the JWE's {@code kid}).
 */
public final class CredentialsKey {

    public static final int MIN_BITS = 2048;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private final RSAPublicKey key;
    private final String kid;

    private CredentialsKey(RSAPublicKey key) {
        this.key = key;
        this.kid = thumbprint(key);
    }

    /** The key in {@code pem}; IllegalArgumentException saying what is wrong with it otherwise. */
    public static CredentialsKey fromPem(String pem) {
        String text = pem.strip();
        if (text.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("this is a private key: give the endpoint's public key"
                    + " (openssl pkey -pubout), and keep the private one with the receiver");
        }
        if (text.contains("BEGIN RSA PUBLIC KEY")) {
            throw new IllegalArgumentException("a PKCS#1 'RSA PUBLIC KEY': convert it to 'BEGIN PUBLIC KEY'"
                    + " (openssl rsa -RSAPublicKey_in -pubout)");
        }
        Matcher m = PEM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected one PEM block '-----BEGIN PUBLIC KEY-----'"
                    + " ... '-----END PUBLIC KEY-----'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64");
        }
        RSAPublicKey rsa;
        try {
            if (!(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)) instanceof RSAPublicKey k)) {
                throw new IllegalArgumentException("not an RSA public key");
            }
            rsa = k;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA public key (only RSA is supported, for RSA-OAEP-256)");
        }
        if (rsa.getModulus().bitLength() < MIN_BITS) {
            throw new IllegalArgumentException("an RSA key of " + rsa.getModulus().bitLength()
                    + " bits: at least " + MIN_BITS + " please");
        }
        return new CredentialsKey(rsa);
    }

    public RSAPublicKey publicKey() {
        return key;
    }

    /** The RFC 7638 JWK thumbprint (SHA-256, base64url): how a receiver tells which of its keys to use. */
    public String kid() {
        return kid;
    }

    private static String thumbprint(RSAPublicKey key) {
        String jwk = "{\"e\":\"" + base64url(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64url(unsigned(key.getModulus())) + "\"}";
        try {
            return base64url(MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Big-endian without the sign byte BigInteger adds to a number whose top bit is set. */
    private static byte[] unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] ascii(String text) {
        return text.getBytes(US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialsKey other && other.kid.equals(kid);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "CredentialsKey[RSA " + key.getModulus().bitLength() + " kid=" + kid + "]";
    }
}
