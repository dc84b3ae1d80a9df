package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import chat.mindroom.operator.template.DesiredApp;
import chat.mindroom.operator.template.DesiredService;
import chat.mindroom.operator.template.EnvValue;
import chat.mindroom.operator.template.Mount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the smallest ordered list of actions that makes the observed state match the desired
 * state: a pure function (no I/O, clock, logging or randomness), so a pass over a converged
 * instance plans nothing, and the same inputs always give the same plan.
 *
 * <p>Order: create services and apps; configure (owned env keys only), limits, domains, storage;
 * links; then per app at most one of deploy, restart, start or stop; TLS last. Apps without the
 * ownership marker are never touched (Conflict). A tombstone plans backup, then destruction.
 */
public final class Planner {

    /** The app's env var listing the keys the operator owns there, so dropped keys are unset. */
    public static final String MANAGED_KEYS = "MINDROOM_MANAGED_KEYS";
    private static final String STORAGE_ROOT = "/var/lib/dokku/data/storage/";

    private Planner() {
    }

    public static Plan plan(PlanInput in) {
        return in.deleting() ? Teardown.plan(in) : converge(in);
    }

    private static Plan converge(PlanInput in) {
        List<Action> creates = new ArrayList<>();
        List<Action> configure = new ArrayList<>();
        List<Action> links = new ArrayList<>();
        List<Action> processes = new ArrayList<>();
        List<Action> tls = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        SortedSet<String> drift = new TreeSet<>();
        Set<String> restart = new HashSet<>();
        Set<String> ours = new HashSet<>();
        Set<String> ensured = new HashSet<>();

        Set<String> foreignServices = new HashSet<>();
        for (DesiredService service : in.desired().services().values()) {
            ObservedService seen = in.observed().services().get(service.name());
            if (seen == null || !seen.exists()) {
                creates.add(new Action.CreateService(service.kind(), service.name()));
                drift.add("service_missing");
            } else if (!Ownership.service(seen, in)) {
                conflicts.add(Ownership.foreignService(seen, in));
                foreignServices.add(service.name());
            }
        }

        for (DesiredApp app : in.desired().apps().values()) {
            ObservedApp seen = in.observed().apps().getOrDefault(app.name(), ObservedApp.missing(app.name()));
            if (seen.exists() && !Ownership.app(seen, in)) {
                conflicts.add(app.name() + " exists but is not managed by this operator for instance " + in.instance()
                        + (seen.managed() ? " (it is marked for instance " + seen.owner().orElse("?") + ")"
                                : "; \"adopt\": true in the spec takes it over"));
                continue;
            }
            ours.add(app.name());
            boolean creating = !seen.exists();
            if (creating) {
                creates.add(new Action.CreateApp(app.name()));
                drift.add("app_missing");
            }
            boolean changed = configureApp(app, seen, in.secrets(), configure, drift, ensured);
            if (changed && seen.deployed()) {
                restart.add(app.name());
            }
        }

        for (DesiredService service : in.desired().services().values()) {
            if (foreignServices.contains(service.name())) {
                continue;
            }
            ObservedService seen = in.observed().services().get(service.name());
            Set<String> linked = seen == null ? Set.of() : seen.linkedApps();
            for (String app : service.linkedApps()) {
                if (ours.contains(app) && !linked.contains(app)) {
                    links.add(new Action.LinkService(service.kind(), service.name(), app));
                    drift.add("links");
                    markRestart(in, app, restart);
                }
            }
            for (String app : linked) {
                if (!service.linkedApps().contains(app) && ourManagedApp(in, app)) {
                    links.add(new Action.UnlinkService(service.kind(), service.name(), app));
                    drift.add("links");
                    markRestart(in, app, restart);
                }
            }
        }

        for (DesiredApp app : in.desired().apps().values()) {
            if (!ours.contains(app.name())) {
                continue;
            }
            ObservedApp seen = in.observed().apps().getOrDefault(app.name(), ObservedApp.missing(app.name()));
            boolean restartApp = restart.contains(app.name()) || in.restartsOwed().contains(app.name());
            boolean deployedAfter = processes(app, seen, in.suspended(), restartApp, processes, drift);
            boolean wantTls = in.observed().facts().letsencrypt() && !in.suspended() && deployedAfter
                    && !app.domains().isEmpty() && !seen.tls().orElse(false) && !in.tlsNotDue().contains(app.name());
            if (wantTls) {
                tls.add(new Action.EnableTls(app.name()));
                if (seen.tls().isPresent() && seen.deployed() && !in.tlsFailed().contains(app.name())) {
                    drift.add("tls");
                }
            }
        }

        // Apps of this instance that the spec no longer wants (Matrix turned off).
        List<Action> removals = new ArrayList<>();
        for (ObservedApp seen : in.observed().apps().values()) {
            if (seen.exists() && !in.desired().apps().containsKey(seen.name())
                    && seen.owner().filter(o -> o.equals(in.instance().value())).isPresent()) {
                removals.add(new Action.DestroyApp(seen.name()));
                drift.add("app_removed");
            }
        }

        List<Action> actions = new ArrayList<>();
        actions.addAll(creates);
        actions.addAll(configure);
        actions.addAll(links);
        actions.addAll(processes);
        actions.addAll(tls);
        actions.addAll(removals);
        return new Plan(actions, conflicts, drift);
    }

    private static boolean ourManagedApp(PlanInput in, String app) {
        ObservedApp seen = in.observed().apps().get(app);
        return seen != null && seen.owner().filter(o -> o.equals(in.instance().value())).isPresent();
    }

    private static void markRestart(PlanInput in, String app, Set<String> restart) {
        ObservedApp seen = in.observed().apps().get(app);
        if (seen != null && seen.deployed()) {
            restart.add(app);
        }
    }

    /** Plans env, limits, domains and storage; true when containers must be recreated to apply it. */
    private static boolean configureApp(DesiredApp app, ObservedApp seen, Map<String, String> secrets,
                                        List<Action> out, SortedSet<String> drift, Set<String> ensured) {
        boolean needsRestart = false;
        SortedMap<String, String> desiredEnv = new TreeMap<>();
        Set<String> secretKeys = new TreeSet<>();
        for (Map.Entry<String, EnvValue> e : app.env().entrySet()) {
            if (e.getValue() instanceof EnvValue.Secret secret) {
                String value = secrets.get(secret.name());
                if (value == null) {
                    throw new IllegalArgumentException("no value for secret " + secret.name());
                }
                desiredEnv.put(e.getKey(), value);
                secretKeys.add(e.getKey());
            } else if (e.getValue() instanceof EnvValue.Literal literal) {
                desiredEnv.put(e.getKey(), literal.value());
            }
        }
        desiredEnv.put(MANAGED_KEYS, String.join(",", new TreeSet<>(app.env().keySet())));

        SortedMap<String, String> set = new TreeMap<>();
        desiredEnv.forEach((k, v) -> {
            if (!DokkuValues.sameConfig(v, seen.env().get(k))) {
                set.put(k, v);
            }
        });
        if (!set.isEmpty()) {
            Set<String> secretsSet = new TreeSet<>(secretKeys);
            secretsSet.retainAll(set.keySet());
            out.add(new Action.SetConfig(app.name(), set, secretsSet));
            needsRestart = true;
            if (seen.exists()) {
                drift.add("env");
            }
        }
        List<String> unset = new ArrayList<>();
        String owned = seen.env().getOrDefault(MANAGED_KEYS, "");
        for (String key : owned.split(",")) {
            if (!key.isBlank() && !desiredEnv.containsKey(key) && seen.env().containsKey(key)) {
                unset.add(key);
            }
        }
        if (!unset.isEmpty()) {
            out.add(new Action.UnsetConfig(app.name(), unset));
            needsRestart = true;
            drift.add("env");
        }

        if (!DokkuValues.sameMemory(app.limits().dokkuMemory(), seen.memoryLimit())
                || !DokkuValues.sameCpu(app.limits().dokkuCpu(), seen.cpuLimit())) {
            out.add(new Action.SetLimits(app.name(), app.limits().dokkuMemory(), app.limits().dokkuCpu()));
            needsRestart = true;
            if (seen.exists()) {
                drift.add("limits");
            }
        }

        if (!app.domains().equals(seen.domains()) || (!app.domains().isEmpty() && !seen.vhostEnabled())) {
            out.add(new Action.SetDomains(app.name(), new ArrayList<>(app.domains())));
            if (seen.exists()) {
                drift.add("domains");
            }
        }

        Set<StorageMount> mounted = new HashSet<>(seen.mounts());
        Set<String> desiredHostPaths = new HashSet<>();
        for (Mount mount : app.mounts()) {
            desiredHostPaths.add(mount.hostPath());
            if (!mounted.contains(new StorageMount(mount.hostPath(), mount.containerPath()))) {
                if (mount.hostPath().startsWith(STORAGE_ROOT)) {
                    String dir = mount.hostPath().substring(STORAGE_ROOT.length());
                    if (ensured.add(dir)) {
                        out.add(new Action.EnsureStorage(dir));
                    }
                }
                out.add(new Action.MountStorage(app.name(), mount.hostPath(), mount.containerPath()));
                needsRestart = true;
                if (seen.exists()) {
                    drift.add("mounts");
                }
            }
        }
        for (StorageMount m : seen.mounts()) {
            boolean ours = desiredHostPaths.contains(m.hostPath());
            boolean wanted = app.mounts().contains(new Mount(m.hostPath(), m.containerPath()));
            if (ours && !wanted) {
                out.add(new Action.UnmountStorage(app.name(), m.hostPath(), m.containerPath()));
                needsRestart = true;
                drift.add("mounts");
            }
        }
        return needsRestart;
    }

    /** At most one of deploy, restart, start or stop; returns whether the app is deployed afterwards. */
    private static boolean processes(DesiredApp app, ObservedApp seen, boolean suspended, boolean restart,
                                     List<Action> out, SortedSet<String> drift) {
        if (suspended) {
            if (seen.running()) {
                out.add(new Action.StopApp(app.name()));
            }
            return seen.deployed();
        }
        if (!seen.deployed() || !seen.deployedImage().map(app.image()::equals).orElse(false)) {
            out.add(new Action.Deploy(app.name(), app.image()));
            if (seen.deployed()) {
                drift.add("image");
            }
            return true;
        }
        if (!seen.running()) {
            out.add(new Action.StartApp(app.name()));
            drift.add("running");
        } else if (restart) {
            out.add(new Action.Restart(app.name()));
        }
        return true;
    }
}
