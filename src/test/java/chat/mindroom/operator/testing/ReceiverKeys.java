package chat.mindroom.operator.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.Base64;

/**
 * What a notification receiver holds to open {@code instance.credentials}: an RSA key pair, its public
 * half as the PEM the operator is configured with, and decryption by an independent JOSE library.
 */
public final class ReceiverKeys {

    private final KeyPair pair;

    private ReceiverKeys(KeyPair pair) {
        this.pair = pair;
    }

    public static ReceiverKeys generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return new ReceiverKeys(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public KeyPair pair() {
        return pair;
    }

    public String publicPem() {
        return pem("PUBLIC KEY", pair.getPublic());
    }

    public static String pem(String label, PublicKey key) {
        return pem(label, key.getEncoded());
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The JWE opened with the private key by Nimbus JOSE; its plaintext. */
    public String open(String compact) {
        try {
            JWEObject jwe = JWEObject.parse(compact);
            jwe.decrypt(new RSADecrypter(pair.getPrivate()));
            return jwe.getPayload().toString();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("cannot open the JWE: " + e.getMessage(), e);
        }
    }
}
