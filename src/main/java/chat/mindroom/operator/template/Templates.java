package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

/** The three template files, loaded and cross-checked. */
public record Templates(TierCatalog tiers, Topology topology, AgentCatalog agents) {

    public Templates {
        requireNonNull(tiers, "tiers is null");
        requireNonNull(topology, "topology is null");
        requireNonNull(agents, "agents is null");
    }
}
