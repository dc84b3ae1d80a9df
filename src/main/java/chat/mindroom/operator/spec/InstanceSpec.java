package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The desired state of one customer instance, as written through the API. Normalized on
 * construction (domains lower-cased and sorted), so two specs that mean the same are equal and
 * serialize to the same bytes.
 *
 * @param tier           key into the tier catalog
 * @param account        owner reference, free text
 * @param subscriptionId the SaaS platform's subscription, unique among live instances
 * @param limits         per-field overrides of the tier's limits
 * @param matrix         whether a Matrix homeserver app runs, and which
 * @param domains        custom domains for the frontend, where the tier allows them
 * @param release        image tag pin; empty means the operator's current release
 * @param suspended      stop the apps, keep the data
 * @param backupOnDelete export the database before a tombstone destroys it
 * @param logLevel       how much the apps log
 * @param configOverrides merged into the rendered MindRoom configuration (normalized by the reader)
 * @param adopt          take over apps and services that exist under this instance's names without
 *                       proof that this operator created them (moved from another provisioner);
 *                       without it such objects are left alone and reported as a Conflict
 * @param restoreFrom    a backup (of any instance, live or purged) whose data a new instance starts
 *                       with once it is first Ready: a clone; only given when the instance is created
 */
public record InstanceSpec(
        String tier,
        Optional<String> account,
        Optional<String> subscriptionId,
        LimitOverrides limits,
        MatrixSpec matrix,
        List<String> domains,
        Optional<String> release,
        boolean suspended,
        boolean backupOnDelete,
        LogLevel logLevel,
        Map<String, Object> configOverrides,
        boolean adopt,
        Optional<String> restoreFrom) {

    private static final List<String> FIELD_ORDER = List.of("tier", "account", "subscriptionId", "limits", "matrix",
            "domains", "release", "suspended", "backupOnDelete", "logLevel", "configOverrides", "adopt", "restoreFrom");
    private static final List<String> LIMIT_ORDER = List.of("memoryMb", "cpu", "storageGb", "agents",
            "messagesPerDay");

    public InstanceSpec {
        requireNonNull(tier, "tier is null");
        requireNonNull(account, "account is null");
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(logLevel, "logLevel is null");
        configOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(configOverrides));
        requireNonNull(limits, "limits is null");
        requireNonNull(matrix, "matrix is null");
        requireNonNull(domains, "domains is null");
        requireNonNull(release, "release is null");
        requireNonNull(restoreFrom, "restoreFrom is null");
        TreeSet<String> sorted = new TreeSet<>();
        domains.forEach(d -> sorted.add(d.toLowerCase(Locale.ROOT)));
        domains = List.copyOf(sorted);
    }

    /** A spec without subscription, log level (info), configuration overrides or adoption. */
    public InstanceSpec(String tier, Optional<String> account, LimitOverrides limits, MatrixSpec matrix,
                        List<String> domains, Optional<String> release, boolean suspended, boolean backupOnDelete) {
        this(tier, account, Optional.empty(), limits, matrix, domains, release, suspended, backupOnDelete,
                LogLevel.INFO, Map.of(), false, Optional.empty());
    }

    /** A spec with only a tier: every other field at its default. */
    public static InstanceSpec ofTier(String tier) {
        return new InstanceSpec(tier, Optional.empty(), LimitOverrides.NONE, MatrixSpec.DISABLED, List.of(),
                Optional.empty(), false, true);
    }

    /** This spec with another Matrix setting, every other field kept. */
    public InstanceSpec withMatrix(MatrixSpec other) {
        return new InstanceSpec(tier, account, subscriptionId, limits, other, domains, release, suspended,
                backupOnDelete, logLevel, configOverrides, adopt, restoreFrom);
    }

    /**
     * Puts the fields of a stored spec document (PostgreSQL's jsonb sorts keys its own way) back in
     * the canonical order; keys this version does not know are kept, after the known ones.
     */
    public static Map<String, Object> inCanonicalOrder(Map<String, Object> document) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : FIELD_ORDER) {
            if (document.containsKey(key)) {
                Object value = document.get(key);
                if (value instanceof Map<?, ?> nested && (key.equals("limits") || key.equals("matrix"))) {
                    List<String> order = key.equals("limits") ? LIMIT_ORDER : List.of("enabled", "server");
                    Map<String, Object> sorted = new LinkedHashMap<>();
                    order.stream().filter(nested::containsKey).forEach(k -> sorted.put(k, nested.get(k)));
                    nested.forEach((k, v) -> sorted.putIfAbsent(String.valueOf(k), v));
                    value = sorted;
                }
                ordered.put(key, value);
            }
        }
        document.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** The canonical document form (all fields, fixed order), as stored and as returned by the API. */
    public Map<String, Object> toTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("tier", tier);
        tree.put("account", account.orElse(null));
        tree.put("subscriptionId", subscriptionId.orElse(null));
        Map<String, Object> limitTree = new LinkedHashMap<>();
        limits.memoryMb().ifPresent(m -> limitTree.put("memoryMb", (long) m));
        limits.cpu().ifPresent(c -> limitTree.put("cpu", c));
        limits.storageGb().ifPresent(g -> limitTree.put("storageGb", (long) g));
        limits.agents().ifPresent(a -> limitTree.put("agents", (long) a));
        limits.messagesPerDay().ifPresent(q -> limitTree.put("messagesPerDay", q.toTreeValue()));
        tree.put("limits", limitTree);
        Map<String, Object> matrixTree = new LinkedHashMap<>();
        matrixTree.put("enabled", matrix.enabled());
        matrixTree.put("server", matrix.server().key());
        tree.put("matrix", matrixTree);
        tree.put("domains", new ArrayList<>(domains));
        tree.put("release", release.orElse(null));
        tree.put("suspended", suspended);
        tree.put("backupOnDelete", backupOnDelete);
        tree.put("logLevel", logLevel.key());
        tree.put("configOverrides", new LinkedHashMap<>(configOverrides));
        tree.put("adopt", adopt);
        // Only when set: instances stored before the field existed keep the same document.
        restoreFrom.ifPresent(id -> tree.put("restoreFrom", id));
        return tree;
    }
}
