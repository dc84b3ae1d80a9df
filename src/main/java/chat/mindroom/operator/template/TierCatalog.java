package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.TierRules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The tiers of {@code templates/tiers.yaml}, in file order. */
public final class TierCatalog implements TierRules {

    private final Map<String, Tier> tiers;

    public TierCatalog(Map<String, Tier> tiers) {
        requireNonNull(tiers, "tiers is null");
        this.tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
    }

    public Optional<Tier> find(String name) {
        return Optional.ofNullable(tiers.get(name));
    }

    public Tier get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown tier " + name));
    }

    public Map<String, Tier> all() {
        return tiers;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TierCatalog catalog && catalog.tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
        return tiers.hashCode();
    }

    @Override
    public String toString() {
        return "TierCatalog" + tiers.keySet();
    }

    @Override
    public Set<String> tierNames() {
        return tiers.keySet();
    }

    @Override
    public boolean exists(String tier) {
        return tiers.containsKey(tier);
    }

    @Override
    public boolean allowsCustomDomains(String tier) {
        return find(tier).map(Tier::customDomains).orElse(false);
    }

    @Override
    public boolean allowsMatrix(String tier) {
        return find(tier).map(Tier::matrix).orElse(false);
    }
}
