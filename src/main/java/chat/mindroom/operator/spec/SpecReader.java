package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.document.Excerpt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a parsed request document into an {@link InstanceSpec}, or into the complete list of
 * failing fields. Unknown fields are errors, never ignored. Pure: no I/O, no clock.
 */
public final class SpecReader {

    public static final int MAX_DOMAINS = 20;
    public static final int MAX_ACCOUNT_LENGTH = 200;
    /** Subscription ids as SaaS platforms and billing systems issue them: sub_1Mx..., UUIDs, URNs. */
    public static final Pattern SUBSCRIPTION_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$");
    /** A backup id as the operator makes them: the UTC start time and a random suffix. */
    public static final Pattern BACKUP_ID = Pattern.compile("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{1,8}$");
    static final Pattern RELEASE = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Set<String> TOP_FIELDS = Set.of(
            "tier", "account", "subscriptionId", "limits", "matrix", "domains", "release", "suspended",
            "backupOnDelete", "logLevel", "configOverrides", "adopt", "restoreFrom");
    private static final Set<String> MATRIX_FIELDS = Set.of("enabled", "server");

    private final TierRules tiers;
    private final String baseDomain;

    public SpecReader(TierRules tiers, String baseDomain) {
        this.tiers = requireNonNull(tiers, "tiers is null");
        this.baseDomain = requireNonNull(baseDomain, "baseDomain is null").toLowerCase(Locale.ROOT);
    }

    /** The outcome of reading: a spec when {@code errors} is empty. */
    public record Result(Optional<InstanceSpec> spec, List<FieldError> errors) {

        public Result {
            requireNonNull(spec, "spec is null");
            errors = List.copyOf(errors);
        }
    }

    public Result read(Object document) {
        List<FieldError> errors = new ArrayList<>();
        if (!(document instanceof Map<?, ?> root)) {
            errors.add(new FieldError("$", "the body must be an object with the instance spec"));
            return new Result(Optional.empty(), errors);
        }
        rejectUnknown(root, TOP_FIELDS, "", errors);

        String tier = readTier(root.get("tier"), errors);
        Optional<String> account = readAccount(root.get("account"), errors);
        Optional<String> subscriptionId = readSubscriptionId(root.get("subscriptionId"), errors);
        LimitOverrides limits = LimitsReader.read(root.get("limits"), errors);
        MatrixSpec matrix = readMatrix(root.get("matrix"), tier, errors);
        List<String> domains = readDomains(root.get("domains"), tier, errors);
        Optional<String> release = readRelease(root.get("release"), errors);
        boolean suspended = readBoolean(root.get("suspended"), "suspended", false, errors);
        boolean backupOnDelete = readBoolean(root.get("backupOnDelete"), "backupOnDelete", true, errors);
        LogLevel logLevel = readLogLevel(root.get("logLevel"), errors);
        Map<String, Object> configOverrides = ConfigOverridesReader.read(root.get("configOverrides"), errors);
        boolean adopt = readBoolean(root.get("adopt"), "adopt", false, errors);
        Optional<String> restoreFrom = readRestoreFrom(root.get("restoreFrom"), errors);

        if (!errors.isEmpty()) {
            return new Result(Optional.empty(), errors);
        }
        return new Result(Optional.of(new InstanceSpec(tier, account, subscriptionId, limits, matrix, domains, release,
                suspended, backupOnDelete, logLevel, configOverrides, adopt, restoreFrom)), errors);
    }

    private static Optional<String> readRestoreFrom(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String id && BACKUP_ID.matcher(id).matches()) {
            return Optional.of(id);
        }
        errors.add(new FieldError("restoreFrom", "must be the id of a backup (as GET .../backups lists it, e.g."
                + " 20261204T101500Z-1a2b3c4d), got " + Excerpt.of(value)));
        return Optional.empty();
    }

    private static Optional<String> readSubscriptionId(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String id) || !SUBSCRIPTION_ID.matcher(id).matches()) {
            errors.add(new FieldError("subscriptionId", "must be 1-200 letters, digits, '_', '.', ':', '@' or '-',"
                    + " starting with a letter or digit, got " + Excerpt.of(value)));
            return Optional.empty();
        }
        return Optional.of(id);
    }

    private static LogLevel readLogLevel(Object value, List<FieldError> errors) {
        if (value == null) {
            return LogLevel.INFO;
        }
        Optional<LogLevel> level = value instanceof String s ? LogLevel.fromKey(s) : Optional.empty();
        if (level.isEmpty()) {
            errors.add(new FieldError("logLevel", "must be debug, info, warning or error, got " + Excerpt.of(value)));
            return LogLevel.INFO;
        }
        return level.get();
    }

    /** An "unknown field" error for each key not in {@code known}, named by a short excerpt of the key. */
    public static void rejectUnknown(Map<?, ?> map, Set<String> known, String prefix, List<FieldError> errors) {
        map.keySet().stream()
                .filter(key -> !(key instanceof String name && known.contains(name)))
                .map(Excerpt::key)
                .sorted()
                .forEach(key -> errors.add(new FieldError(prefix + key, "unknown field")));
    }

    private String readTier(Object value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError("tier", "is required (one of " + String.join(", ", sortedTiers()) + ")"));
            return null;
        }
        if (!(value instanceof String tier)) {
            errors.add(new FieldError("tier", "must be a string"));
            return null;
        }
        if (!tiers.exists(tier)) {
            errors.add(new FieldError("tier", "unknown tier " + Excerpt.of(tier) + " (one of "
                    + String.join(", ", sortedTiers()) + ")"));
            return null;
        }
        return tier;
    }

    private List<String> sortedTiers() {
        return tiers.tierNames().stream().sorted().toList();
    }

    private static Optional<String> readAccount(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String account)) {
            errors.add(new FieldError("account", "must be a string"));
            return Optional.empty();
        }
        if (account.length() > MAX_ACCOUNT_LENGTH) {
            errors.add(new FieldError("account", "must be at most " + MAX_ACCOUNT_LENGTH + " characters"));
        } else if (account.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("account", "must not contain control characters such as NUL"));
        } else if (account.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            errors.add(new FieldError("account", "must be valid Unicode text, got an unpaired surrogate in "
                    + Excerpt.of(account)));
        }
        return Optional.of(account);
    }

    private MatrixSpec readMatrix(Object value, String tier, List<FieldError> errors) {
        if (value == null) {
            return MatrixSpec.DISABLED;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError("matrix", "must be an object with enabled and server"));
            return MatrixSpec.DISABLED;
        }
        rejectUnknown(map, MATRIX_FIELDS, "matrix.", errors);
        boolean enabled = readBoolean(map.get("enabled"), "matrix.enabled", false, errors);
        MatrixServer server = MatrixServer.TUWUNEL;
        Object rawServer = map.get("server");
        if (rawServer != null) {
            Optional<MatrixServer> known = rawServer instanceof String s ? MatrixServer.fromKey(s) : Optional.empty();
            if (known.isEmpty()) {
                errors.add(new FieldError("matrix.server", "must be tuwunel or synapse"));
            } else {
                server = known.get();
            }
        }
        if (enabled && tier != null && !tiers.allowsMatrix(tier)) {
            errors.add(new FieldError("matrix.enabled", "the " + tier + " tier does not include Matrix"));
        }
        return new MatrixSpec(enabled, server);
    }

    private List<String> readDomains(Object value, String tier, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError("domains", "must be a list of domain names"));
            return List.of();
        }
        if (list.size() > MAX_DOMAINS) {
            errors.add(new FieldError("domains", "must hold at most " + MAX_DOMAINS + " domains, got " + list.size()));
        }
        if (!list.isEmpty() && tier != null && !tiers.allowsCustomDomains(tier)) {
            errors.add(new FieldError("domains", "the " + tier + " tier does not allow custom domains"));
        }
        List<String> domains = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "domains[" + i + "]";
            if (!(list.get(i) instanceof String raw)) {
                errors.add(new FieldError(field, "must be a string"));
                continue;
            }
            String domain = raw.toLowerCase(Locale.ROOT);
            Optional<String> problem = domainProblem(domain);
            if (problem.isPresent()) {
                errors.add(new FieldError(field, problem.get()));
                continue;
            }
            Integer first = seen.putIfAbsent(domain, i);
            if (first != null) {
                errors.add(new FieldError(field, "duplicates domains[" + first + "]"));
                continue;
            }
            domains.add(domain);
        }
        return domains;
    }

    /** Why {@code domain} (lower-cased) cannot be a custom domain, or empty when it can. */
    Optional<String> domainProblem(String domain) {
        if (domain.isEmpty() || domain.length() > 253) {
            return Optional.of("must be a DNS name of 1 to 253 characters, got " + Excerpt.of(domain));
        }
        String quoted = Excerpt.of(domain);
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of(quoted + " is not a fully qualified domain name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of(quoted + " is not a valid DNS name (labels of 1-63 letters, digits"
                        + " and inner hyphens)");
            }
        }
        if (!Character.isLetter(labels[labels.length - 1].charAt(0))) {
            return Optional.of(quoted + " has no valid top-level domain");
        }
        if (!baseDomain.isEmpty() && (domain.equals(baseDomain) || domain.endsWith("." + baseDomain))) {
            return Optional.of(quoted + " is inside the operator's base domain " + baseDomain
                    + ", which is reserved for generated names");
        }
        return Optional.empty();
    }

    private static Optional<String> readRelease(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String release) || !RELEASE.matcher(release).matches()) {
            errors.add(new FieldError("release", "must be an image tag: 1-128 letters, digits, '_', '.' or '-',"
                    + " not starting with '.' or '-'"));
            return Optional.empty();
        }
        return Optional.of(release);
    }

    private static boolean readBoolean(Object value, String field, boolean fallback, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            errors.add(new FieldError(field, "must be true or false"));
            return fallback;
        }
        return b;
    }
}
