package chat.mindroom.operator.store;

import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.testing.ReceiverKeys;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JWE written with JDK crypto opens with Nimbus JOSE, an independent implementation, and only with the right key. */
class CredentialsJweTest {

    private static final ReceiverKeys RECEIVER = ReceiverKeys.generate(2048);
    private static final Map<String, String> CREDENTIALS = Map.of("adminPassword", "kT9-x\"y\\z\u00e9",
            "matrixRegistrationSecret", "s3cr3t");

    @Test
    void nimbusOpensItAndReadsTheSameCredentialsAndHeader() throws Exception {
        CredentialsKey key = CredentialsKey.fromPem(RECEIVER.publicPem());
        String compact = CredentialsJwe.seal(key, CREDENTIALS);

        assertThat(compact.split("\\.", -1)).hasSize(5);
        assertThat(compact).doesNotContain("s3cr3t");
        JWEObject jwe = JWEObject.parse(compact);
        assertThat(jwe.getHeader().getAlgorithm()).isEqualTo(JWEAlgorithm.RSA_OAEP_256);
        assertThat(jwe.getHeader().getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
        String thumbprint = new RSAKey.Builder((RSAPublicKey) RECEIVER.pair().getPublic()).build()
                .computeThumbprint("SHA-256").toString();
        assertThat(jwe.getHeader().getKeyID()).isEqualTo(thumbprint).isEqualTo(key.kid());
        jwe.decrypt(new RSADecrypter(RECEIVER.pair().getPrivate()));
        assertThat(object(jwe.getPayload().toString())).isEqualTo(new LinkedHashMap<>(CREDENTIALS));

        assertThat(CredentialsJwe.seal(key, CREDENTIALS)).as("a fresh content key and IV each time")
                .isNotEqualTo(compact);
        Map<String, Object> body = Map.of("type", "instance.credentials", "data", Map.of("credentials", compact));
        assertThat(CredentialsJwe.kid(JsonDocument.writeString(body))).contains(key.kid());
        assertThat(CredentialsJwe.kid("{\"type\":\"instance.ready\",\"data\":{}}")).isEmpty();
    }

    @Test
    void anotherKeyOrAChangedByteCannotOpenIt() throws Exception {
        String compact = CredentialsJwe.seal(CredentialsKey.fromPem(RECEIVER.publicPem()), CREDENTIALS);
        ReceiverKeys other = ReceiverKeys.generate(2048);
        assertThatThrownBy(() -> other.open(compact)).hasMessageContaining("cannot open");

        String[] parts = compact.split("\\.");
        char last = parts[3].charAt(0);
        parts[3] = (last == 'A' ? "B" : "A") + parts[3].substring(1);
        JWEObject tampered = JWEObject.parse(String.join(".", parts));
        assertThatThrownBy(() -> tampered.decrypt(new RSADecrypter(RECEIVER.pair().getPrivate())))
                .isInstanceOf(JOSEException.class);
        assertThat(RECEIVER.open(compact)).contains("adminPassword");
    }

    @Test
    void aKeyThatIsNotAnRsaPublicKeyOfAtLeast2048BitsIsRefusedSayingWhy() throws Exception {
        assertThatThrownBy(() -> CredentialsKey.fromPem(ReceiverKeys.generate(1024).publicPem()))
                .hasMessageContaining("1024 bits: at least 2048");
        assertThatThrownBy(() -> CredentialsKey.fromPem(ReceiverKeys.pem("PRIVATE KEY",
                RECEIVER.pair().getPrivate().getEncoded()))).hasMessageContaining("private key");
        assertThatThrownBy(() -> CredentialsKey.fromPem("-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----"))
                .hasMessageContaining("PKCS#1");
        assertThatThrownBy(() -> CredentialsKey.fromPem("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"))
                .hasMessageContaining("BEGIN PUBLIC KEY");
        assertThatThrownBy(() -> CredentialsKey.fromPem("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("not an RSA public key");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        assertThatThrownBy(() -> CredentialsKey.fromPem(ReceiverKeys.pem("PUBLIC KEY", ec.generateKeyPair().getPublic())))
                .hasMessageContaining("only RSA");
        assertThat(CredentialsKey.fromPem(ReceiverKeys.generate(3072).publicPem()).toString()).contains("RSA 3072");
    }
}
