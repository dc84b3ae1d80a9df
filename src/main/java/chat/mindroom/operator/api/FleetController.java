package chat.mindroom.operator.api;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.HostFacts;
import chat.mindroom.operator.reconcile.Action;
import chat.mindroom.operator.reconcile.FleetGuard;
import chat.mindroom.operator.reconcile.HostHealth;
import chat.mindroom.operator.reconcile.ReconcileLoop;
import chat.mindroom.operator.reconcile.Reconciler;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.ReconcileStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Read-only operator surfaces: the plan the next pass would run, and the fleet's hosts. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class FleetController {

    private final Reconciler reconciler;
    private final DokkuFleet fleet;
    private final ReconcileStore store;

    private final FleetGuard guard;
    private final HostHealth health;
    private final ReconcileLoop loop;

    FleetController(Reconciler reconciler, DokkuFleet fleet, ReconcileStore store, FleetGuard guard,
                    ReconcileLoop loop, HostHealth health) {
        this.health = health;
        this.loop = loop;
        this.guard = guard;
        this.reconciler = reconciler;
        this.fleet = fleet;
        this.store = store;
    }

    @Get("/instances/{name}/plan")
    MutableHttpResponse<byte[]> plan(String name, HttpRequest<?> request) {
        if (InstanceName.problem(name).isPresent()) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such instance",
                    "instance " + name + " does not exist"));
        }
        Reconciler.Preview preview = reconciler.preview(new InstanceName(name));
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("instance", name);
        tree.put("host", preview.host());
        tree.put("generation", preview.generation());
        tree.put("converged", preview.plan().converged());
        List<Object> actions = new ArrayList<>();
        boolean awaiting = preview.approval().filter(approval -> !approval.approved()).isPresent();
        for (Action action : preview.plan().actions()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("action", action.getClass().getSimpleName());
            a.put("command", action.describe());
            a.put("destructive", action.destructive());
            if (awaiting && action.destructive()) {
                a.put("held", "AwaitingApproval");
            }
            actions.add(a);
        }
        tree.put("approval", preview.approval().map(approval -> Map.of("required", true, "planHash",
                approval.planHash(), "approved", approval.approved())).orElse(null));
        tree.put("actions", actions);
        tree.put("conflicts", preview.plan().conflicts());
        tree.put("drift", new ArrayList<>(preview.plan().drift()));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    @Get("/hosts")
    MutableHttpResponse<byte[]> hosts(HttpRequest<?> request) {
        Map<String, Integer> placed = store.placements();
        List<Object> hosts = new ArrayList<>();
        for (DokkuHost host : fleet.hosts()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", host.name());
            h.put("address", host.address() + ":" + host.port());
            h.put("transport", host.transport().name().toLowerCase(Locale.ROOT));
            h.put("sandbox", fleet.sandbox().isPresent());
            Optional<HostHealth.Down> down = health.down(host.name());
            h.put("reachable", down.isEmpty());
            h.put("unreachableSince", down.map(d -> (Object) d.since().toString()).orElse(null));
            if (down.isPresent()) {
                // Said at once: no connection attempt that would wait for a dead host's timeout.
                h.put("dokkuVersion", null);
                h.put("plugins", Map.of());
                h.put("error", down.get().error());
            } else try {
                HostFacts facts = fleet.client(host.name()).facts();
                h.put("dokkuVersion", facts.version().toString());
                h.put("plugins", new LinkedHashMap<String, Object>(facts.plugins()));
                h.put("error", null);
            } catch (OperatorException e) {
                health.observe(host.name(), e);
                h.put("reachable", health.up(host.name()));
                h.put("dokkuVersion", null);
                h.put("plugins", Map.of());
                h.put("error", e.code().name() + ": " + e.getMessage());
            }
            h.put("safetyBrake", guard.brakeFor(host.name()).map(b -> (Object) Map.of("reason", b.reason(),
                    "since", b.since().toString())).orElse(null));
            h.put("instances", (long) placed.getOrDefault(host.name(), 0));
            h.put("capacity", (long) host.capacity());
            h.put("maxChannels", (long) host.maxChannels());
            hosts.add(h);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("items", hosts);
        tree.put("fleetBrake", guard.fleetBrake().map(b -> (Object) Map.of("reason", b.reason(),
                "since", b.since().toString())).orElse(null));
        tree.put("rollout", guard.rolloutState());
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    /** Releases a safety brake after a person checked the host; {@code fleet} releases the fleet-wide one. */
    @Post("/hosts/{host}/release-brake")
    @Consumes({MediaTypes.JSON, "*/*"})
    MutableHttpResponse<byte[]> releaseBrake(String host, HttpRequest<?> request) {
        if (!host.equals("fleet") && fleet.hosts().stream().noneMatch(h -> h.name().equals(host))) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such host",
                    "no Dokku host named " + host));
        }
        guard.release(host);
        return hosts(request);
    }

    /**
     * Starts a full resync now instead of at the next interval (after maintenance on a host, say):
     * every host's snapshot, then a pass for every instance. 202: the passes run in the background.
     */
    @Post("/resync")
    @Consumes({MediaTypes.JSON, "*/*"})
    MutableHttpResponse<byte[]> resync(HttpRequest<?> request) {
        if (!loop.running()) {
            throw new ProblemException(Problem.of(HttpStatus.CONFLICT, "loop-disabled", "The reconcile loop is off",
                    "this replica runs with operator.reconcile.enabled=false"));
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("instances", (long) loop.resyncNow());
        return Representation.respond(HttpStatus.ACCEPTED, tree, request);
    }

    /** Resumes a halted release rollout after its failures were looked at. */
    @Post("/rollout/resume")
    @Consumes({MediaTypes.JSON, "*/*"})
    MutableHttpResponse<byte[]> resumeRollout(HttpRequest<?> request) {
        guard.resumeRollout();
        return hosts(request);
    }
}
