package chat.mindroom.operator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies messages the Standard Webhooks way: HMAC-SHA256 over {@code id.timestamp.body}
 * with a key given as {@code whsec_<base64>}, sent as {@code v1,<base64 signature>}; several
 * space-separated signatures in one header let either side rotate its secret. Holds one or more keys:
 * all of them sign, any of them verifies. Never shows a key in a message or {@link #toString()}.
 */
public final class WebhookSignature {

    /** How far a message's timestamp may be from now, either way, before it is refused. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;
    private static final int MAX_ID_LENGTH = 256;
    private static final int MAX_SIGNATURE_HEADER = 4096;

    private final List<SecretKeySpec> keys;

    private WebhookSignature(List<SecretKeySpec> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads one secret or several separated by commas (rotation). Throws {@link IllegalArgumentException}
     * naming the position of a secret that is not {@code whsec_} + base64 of 24 to 64 bytes.
     */
    public static WebhookSignature ofSecrets(String secrets) {
        List<SecretKeySpec> keys = new ArrayList<>();
        String[] parts = secrets == null ? new String[0] : secrets.split(",");
        for (int i = 0; i < parts.length; i++) {
            String secret = parts[i].strip();
            if (!secret.isEmpty()) {
                keys.add(new SecretKeySpec(decode(secret, i + 1), "HmacSHA256"));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no webhook secret given");
        }
        return new WebhookSignature(keys);
    }

    private static byte[] decode(String secret, int position) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("webhook secret " + position + " does not start with " + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret " + position + " is not base64 after " + SECRET_PREFIX);
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("webhook secret " + position + " must hold " + MIN_KEY_BYTES + " to "
                    + MAX_KEY_BYTES + " bytes, has " + key.length);
        }
        return key;
    }

    /** A new random secret in {@code whsec_} form, for setting up an endpoint. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value for a message: one {@code v1,...} entry per key. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        List<String> entries = new ArrayList<>(keys.size());
        for (SecretKeySpec key : keys) {
            entries.add(VERSION + "," + Base64.getEncoder().encodeToString(mac(key, id, timestampSeconds, body)));
        }
        return String.join(" ", entries);
    }

    /** Checks the three headers of a received message against its raw body. */
    public Verdict verify(String id, String timestamp, String signatureHeader, byte[] body, Instant now) {
        if (id == null || id.isBlank() || timestamp == null || signatureHeader == null || signatureHeader.isBlank()) {
            return Verdict.MISSING_HEADERS;
        }
        if (id.length() > MAX_ID_LENGTH || signatureHeader.length() > MAX_SIGNATURE_HEADER) {
            return Verdict.BAD_SIGNATURE;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (seconds < 0 || skew > TOLERANCE.toSeconds()) {
            return Verdict.BAD_TIMESTAMP;
        }
        List<byte[]> offered = offeredSignatures(signatureHeader);
        for (SecretKeySpec key : keys) {
            byte[] expected = mac(key, id, seconds, body);
            for (byte[] candidate : offered) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return Verdict.VALID;
                }
            }
        }
        return Verdict.BAD_SIGNATURE;
    }

    private static List<byte[]> offeredSignatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && entry.substring(0, comma).equals(VERSION)) {
                try {
                    signatures.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
                } catch (IllegalArgumentException ignored) {
                    // not base64: cannot match, other entries may
                }
            }
        }
        return signatures;
    }

    private static byte[] mac(SecretKeySpec key, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this runtime", e);
        }
    }

    /** How many keys sign and verify; never the keys themselves. */
    @Override
    public String toString() {
        return "WebhookSignature[" + keys.size() + " key(s)]";
    }

    /** The outcome of {@link #verify}; everything but {@link #VALID} is a 401. */
    public enum Verdict {
        VALID,
        MISSING_HEADERS,
        BAD_TIMESTAMP,
        BAD_SIGNATURE
    }
}
