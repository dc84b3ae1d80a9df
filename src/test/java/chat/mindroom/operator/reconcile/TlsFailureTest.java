package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.CommandResult;
import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.DokkuErrors;
import chat.mindroom.operator.testing.Samples;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsFailureTest {

    private static OperatorException failure(int exit, String stderr) {
        CommandResult result = new CommandResult(exit, new byte[0], stderr,
                Duration.ofMillis(5));
        return DokkuErrors.failure("dokku-1", DokkuCommand.of("letsencrypt:enable").arg("mr-a-backend").build(), result);
    }

    private static OperatorException recorded(String sample) {
        Samples.Recording r = Samples.recording(sample);
        return failure(r.exit(), r.stderr());
    }

    @Test
    void theRecordedFailuresOfARealHostAreToldApart() {
        assertThat(TlsFailure.classify(recorded("letsencrypt-enable-no-email.txt"))).isEqualTo(TlsFailure.EmailMissing);
        assertThat(TlsFailure.classify(recorded("letsencrypt-enable-no-domains.txt"))).isEqualTo(TlsFailure.NoDomains);
        assertThat(TlsFailure.classify(recorded("letsencrypt-missing.txt"))).isEqualTo(TlsFailure.PluginMissing);
        // Dokku's own words reach the message the TLS condition shows.
        assertThat(recorded("letsencrypt-enable-no-email.txt").getMessage())
                .contains("Cannot request a certificate without an e-mail address!");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        " !     acme: error: 429 :: POST :: urn:ietf:params:acme:error:rateLimited :: too many failed authorizations recently | RateLimited",
        " !     acme: error: 400 :: urn:ietf:params:acme:error:connection :: Fetching http://a.example/.well-known: Timeout | ValidationFailed",
        " !     acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Invalid response from http://a.example | ValidationFailed",
        " !     acme: error: 400 :: urn:ietf:params:acme:error:dns :: DNS problem: NXDOMAIN looking up A for a.example | ValidationFailed"})
    void acmeErrorsFromLegoAreClassified(String stderr, TlsFailure expected) {
        assertThat(TlsFailure.classify(failure(1, stderr))).isEqualTo(expected);
    }

    @Test
    void retriesAreSlowAndRespectTheRateLimit() {
        // Let's Encrypt allows 5 failed validations per host name per hour: never more than 4 an hour.
        assertThat(TlsFailure.ValidationFailed.retryAfter(1)).isEqualTo(Duration.ofMinutes(15));
        assertThat(TlsFailure.ValidationFailed.retryAfter(2)).isEqualTo(Duration.ofMinutes(30));
        assertThat(TlsFailure.ValidationFailed.retryAfter(10)).isEqualTo(Duration.ofHours(6));
        assertThat(TlsFailure.RateLimited.retryAfter(1)).isEqualTo(Duration.ofHours(1));
        assertThat(TlsFailure.RateLimited.retryAfter(5)).isEqualTo(Duration.ofHours(3));
        assertThat(TlsFailure.EmailMissing.retryAfter(3)).isEqualTo(Duration.ofHours(1));
    }
}
