package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import java.time.Duration;
import java.util.Locale;

/**
 * Why a certificate could not be had, read from Dokku's own message (dokku-facts 0.1), and when it
 * is worth asking again. Certificates are retried on this slow schedule, never in the instance's
 * fast error backoff: Let's Encrypt allows 5 failed validations per host name per hour, and the
 * causes that need a person (an e-mail, DNS, open ports) do not go away in seconds.
 */
public enum TlsFailure {
    /** The plugin has no ACME e-mail for the app ({@code letsencrypt:set APP email}). */
    EmailMissing(Duration.ofHours(1), Duration.ofHours(1)),
    /** The app has no domains to certify. */
    NoDomains(Duration.ofHours(1), Duration.ofHours(1)),
    /** Let's Encrypt refused for now: too many failures or certificates. */
    RateLimited(Duration.ofHours(1), Duration.ofHours(3)),
    /** The host has no letsencrypt plugin. */
    PluginMissing(Duration.ofHours(1), Duration.ofHours(1)),
    /** The ACME challenge failed: DNS not pointing at the host yet, ports 80/443 closed, ... */
    ValidationFailed(Duration.ofMinutes(15), Duration.ofHours(6));

    private final Duration first;
    private final Duration ceiling;

    TlsFailure(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling;
    }

    public static TlsFailure classify(OperatorException failure) {
        if (failure.code() == ErrorCode.PLUGIN_MISSING) {
            return PluginMissing;
        }
        String message = failure.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("without an e-mail") || message.contains("email address")) {
            return EmailMissing;
        }
        if (message.contains("no domains detected")) {
            return NoDomains;
        }
        if (message.contains("ratelimited") || message.contains("rate limit") || message.contains("too many")) {
            return RateLimited;
        }
        return ValidationFailed;
    }

    /** How long to wait after the {@code failures}-th failure in a row: doubling from the first delay. */
    public Duration retryAfter(int failures) {
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(ceiling) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(ceiling) > 0 ? ceiling : delay;
    }
}
