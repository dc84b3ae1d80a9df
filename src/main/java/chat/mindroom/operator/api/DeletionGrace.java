package chat.mindroom.operator.api;

import chat.mindroom.operator.config.ReconcileSettings;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.template.Templates;
import chat.mindroom.operator.template.Tier;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a deleted instance stays Terminating before its purge: the {@code grace} a DELETE names,
 * else the operator-wide override, else the instance's tier's {@code deletionGrace}.
 */
@Singleton
final class DeletionGrace {

    /** The longest grace a DELETE may ask for. */
    static final Duration MAX = Duration.ofDays(365);
    private static final Pattern SHORT = Pattern.compile("^([0-9]{1,7})([smhd])$");

    private final Templates templates;
    private final Optional<Duration> override;

    DeletionGrace(Templates templates, ReconcileSettings settings) {
        this.templates = templates;
        this.override = Optional.ofNullable(settings.deletionGrace());
    }

    /** The grace for a DELETE with the query parameter {@code grace} (null when absent). */
    Function<Instance, Duration> forRequest(String grace) {
        if (grace != null) {
            Duration asked = parse(grace);
            return instance -> asked;
        }
        return this::of;
    }

    /** The default grace of a stored instance: the override, else its tier's. */
    Duration of(Instance instance) {
        return override.orElseGet(() -> instance.tier().flatMap(templates.tiers()::find)
                .map(Tier::deletionGrace).orElse(Tier.DEFAULT_DELETION_GRACE));
    }

    /** {@code 0}, {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT1H}); at most a year. */
    static Duration parse(String text) {
        Duration value;
        Matcher m = SHORT.matcher(text);
        if (text.equals("0")) {
            value = Duration.ZERO;
        } else if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            value = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                value = text.length() <= 40 ? Duration.parse(text) : null;
            } catch (DateTimeParseException e) {
                value = null;
            }
        }
        if (value == null || value.isNegative() || value.compareTo(MAX) > 0) {
            throw InstanceController.badParameter("grace", "must be 0 (purge now), a duration such as 30s, 12h or 7d,"
                    + " or ISO-8601 such as PT1H, at most 365d");
        }
        return value;
    }
}
