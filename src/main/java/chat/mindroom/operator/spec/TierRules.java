package chat.mindroom.operator.spec;

import java.util.Set;

/** What the tier catalog decides about a spec: which tiers exist and what each allows. */
public interface TierRules {

    /** The names of all tiers, for error messages. */
    Set<String> tierNames();

    boolean exists(String tier);

    boolean allowsCustomDomains(String tier);

    boolean allowsMatrix(String tier);
}
