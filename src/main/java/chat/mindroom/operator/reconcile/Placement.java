package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.ReconcileStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the host of a new instance: among the hosts that answered their last check and have room, the one with the
 * most room. A placed instance never moves. When no host qualifies the instance stays unplaced and
 * says why ({@code Unschedulable}); it is placed by a later pass once a host has room again.
 */
final class Placement {

    private final DokkuFleet fleet;
    private final ReconcileStore store;
    private final HostHealth health;

    Placement(DokkuFleet fleet, ReconcileStore store, HostHealth health) {
        this.fleet = fleet;
        this.store = store;
        this.health = health;
    }

    /** The instance's host, placing it now if it has none; empty when no host can take it. */
    Optional<String> place(Instance instance) {
        if (instance.status().host().isPresent()) {
            return instance.status().host();
        }
        return choose().map(host -> store.place(instance.name(), host));
    }

    /** The reachable host with the most free capacity, if any has room. */
    Optional<String> choose() {
        Map<String, Integer> placed = store.placements();
        DokkuHost best = null;
        int bestFree = 0;
        for (DokkuHost host : fleet.hosts()) {
            int free = host.capacity() - placed.getOrDefault(host.name(), 0);
            if (free > bestFree && answers(host.name())) {
                best = host;
                bestFree = free;
            }
        }
        return Optional.ofNullable(best).map(DokkuHost::name);
    }

    /** A host not checked since this process started is asked for its facts now. */
    private boolean answers(String host) {
        if (health.known(host)) {
            return true;
        }
        if (!health.up(host)) {
            return false;
        }
        try {
            fleet.client(host).facts();
            health.answered(host);
            return true;
        } catch (OperatorException e) {
            health.unreachable(host, e.getMessage());
            return false;
        }
    }

    /** Why no host can take a new instance, host by host. */
    String why() {
        Map<String, Integer> placed = store.placements();
        List<String> hosts = new ArrayList<>();
        for (DokkuHost host : fleet.hosts()) {
            int used = placed.getOrDefault(host.name(), 0);
            hosts.add(host.name() + ": " + (!health.up(host.name()) ? "unreachable"
                    : !health.known(host.name()) ? "not checked yet"
                    : used >= host.capacity() ? "full (" + used + " of " + host.capacity() + ")"
                    : "has room"));
        }
        return "no reachable Dokku host has free capacity (" + String.join("; ", hosts) + ")";
    }
}
