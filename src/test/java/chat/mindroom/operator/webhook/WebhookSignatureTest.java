package chat.mindroom.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.webhook.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // the example published with the Standard Webhooks specification
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant THEN = Instant.ofEpochSecond(TIMESTAMP);

    @Test
    void signsLikeTheSpecificationsExample() {
        assertThat(WebhookSignature.ofSecrets(SECRET).sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheExampleAndRefusesAnyChangeToIt() {
        WebhookSignature signature = WebhookSignature.ofSecrets(SECRET);
        assertThat(signature.verify(ID, "1614265330", SIGNATURE, BODY, THEN)).isEqualTo(Verdict.VALID);
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(ID, "1614265330", SIGNATURE, changed, THEN)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signature.verify(ID + "x", "1614265330", SIGNATURE, BODY, THEN)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signature.verify(ID, "1614265331", SIGNATURE, BODY, THEN)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signature.verify(ID, "1614265330", "v2," + SIGNATURE.substring(3), BODY, THEN))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signature.verify(ID, "1614265330", "v1,not base64!", BODY, THEN)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void refusesTimestampsOutsideFiveMinutesEitherWay() {
        WebhookSignature signature = WebhookSignature.ofSecrets(SECRET);
        assertThat(signature.verify(ID, "1614265330", SIGNATURE, BODY, THEN.plusSeconds(300))).isEqualTo(Verdict.VALID);
        assertThat(signature.verify(ID, "1614265330", SIGNATURE, BODY, THEN.plusSeconds(301)))
                .isEqualTo(Verdict.BAD_TIMESTAMP);
        assertThat(signature.verify(ID, "1614265330", SIGNATURE, BODY, THEN.minusSeconds(301)))
                .isEqualTo(Verdict.BAD_TIMESTAMP);
        assertThat(signature.verify(ID, "yesterday", SIGNATURE, BODY, THEN)).isEqualTo(Verdict.BAD_TIMESTAMP);
    }

    @Test
    void missingHeadersAreSaidSo() {
        WebhookSignature signature = WebhookSignature.ofSecrets(SECRET);
        assertThat(signature.verify(null, "1614265330", SIGNATURE, BODY, THEN)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(signature.verify(ID, null, SIGNATURE, BODY, THEN)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(signature.verify(ID, "1614265330", " ", BODY, THEN)).isEqualTo(Verdict.MISSING_HEADERS);
    }

    @Test
    void rotationSignsWithEveryKeyAndVerifiesWithAny() {
        String other = WebhookSignature.newSecret();
        WebhookSignature both = WebhookSignature.ofSecrets(other + ", " + SECRET);
        assertThat(both.verify(ID, "1614265330", SIGNATURE, BODY, THEN)).isEqualTo(Verdict.VALID);

        String header = both.sign(ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2).contains(SIGNATURE);
        assertThat(WebhookSignature.ofSecrets(other).verify(ID, "1614265330", header, BODY, THEN))
                .isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.ofSecrets(WebhookSignature.newSecret()).verify(ID, "1614265330", header, BODY, THEN))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void badSecretsAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> WebhookSignature.ofSecrets("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .hasMessage("webhook secret 1 does not start with whsec_");
        assertThatThrownBy(() -> WebhookSignature.ofSecrets(SECRET + ",whsec_%%%"))
                .hasMessage("webhook secret 2 is not base64 after whsec_");
        assertThatThrownBy(() -> WebhookSignature.ofSecrets("whsec_c2hvcnQ="))
                .hasMessage("webhook secret 1 must hold 24 to 64 bytes, has 5");
        assertThatThrownBy(() -> WebhookSignature.ofSecrets(" , ")).hasMessage("no webhook secret given");
        assertThat(WebhookSignature.ofSecrets(SECRET).toString()).doesNotContain("MfKQ");
    }
}
