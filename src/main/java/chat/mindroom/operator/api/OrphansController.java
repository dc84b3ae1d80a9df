package chat.mindroom.operator.api;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.dokku.HostSnapshot;
import chat.mindroom.operator.reconcile.Reconciler;
import chat.mindroom.operator.store.InstanceStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/hosts/{host}/orphans} (read scope): the host's apps and services that no live
 * instance owns, and those under a live instance's names that are not its own. Answered from the
 * bulk snapshot the resync already took (no SSH) while it is fresh (three resync intervals); only
 * when there is none (loop off, host just added) is one snapshot read now, which also serves the
 * loop's next passes.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class OrphansController {

    private final DokkuFleet fleet;
    private final Reconciler reconciler;
    private final InstanceStore store;

    OrphansController(DokkuFleet fleet, Reconciler reconciler, InstanceStore store) {
        this.fleet = fleet;
        this.reconciler = reconciler;
        this.store = store;
    }

    @Get("/hosts/{host}/orphans")
    MutableHttpResponse<byte[]> orphans(String host, HttpRequest<?> request) {
        if (fleet.hosts().stream().noneMatch(h -> h.name().equals(host))) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such host",
                    "no Dokku host named " + (host.length() > 64 ? host.substring(0, 64) + "..." : host)));
        }
        String source = "cached";
        Optional<HostSnapshot> snapshot = reconciler.recentSnapshot(host);
        if (snapshot.isEmpty()) {
            source = "read-now";
            try {
                reconciler.snapshot(host);
            } catch (OperatorException e) {
                throw unavailable(host, e.getMessage());
            }
            snapshot = reconciler.recentSnapshot(host);
        }
        HostSnapshot taken = snapshot.orElseThrow(() -> unavailable(host, "the host gave no consistent bulk report"
                + " (an app came or went while it was read, or its Dokku predates bulk JSON reports)"));
        HostOrphans orphans = new HostOrphans(host, store::find);
        List<Map<String, Object>> items = orphans.entries(taken);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("host", host);
        tree.put("observedAt", taken.takenAt().toString());
        tree.put("source", source);
        tree.put("items", items);
        tree.put("others", (long) orphans.others());
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    private static ProblemException unavailable(String host, String why) {
        return new ProblemException(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "host-unobserved",
                "The host has not been observed", "no recent observation of host " + host + ": " + why));
    }
}
