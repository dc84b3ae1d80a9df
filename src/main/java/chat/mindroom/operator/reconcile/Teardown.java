package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.spec.ServiceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plan of a tombstoned instance, part of the pure {@link Planner}: a final backup of what is
 * provably its own (unless a backup of this deletion exists or the spec says not to), then destroy the apps that are provably
 * this instance's, then its services. A foreign app with one of its names is left in place.
 */
final class Teardown {

    private Teardown() {
    }

    static Plan plan(PlanInput in) {
        List<Action> actions = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        if (in.backupOnDelete() && !in.backupDone()) {
            Set<String> ours = new TreeSet<>();
            in.observed().apps().values().stream().filter(a -> a.exists() && Ownership.app(a, in))
                    .forEach(a -> ours.add(a.name()));
            in.observed().services().values().stream().filter(s -> s.exists() && Ownership.service(s, in))
                    .forEach(s -> ours.add(s.name()));
            boolean data = in.observed().services().values().stream().anyMatch(s -> s.kind() == ServiceKind.POSTGRES
                    && ours.contains(s.name()));
            if (data) {
                actions.add(new Action.Backup("before deletion", ours));
            }
        }
        for (ObservedApp app : in.observed().apps().values()) {
            if (!app.exists()) {
                continue;
            }
            if (Ownership.app(app, in)) {
                actions.add(new Action.DestroyApp(app.name()));
            } else {
                conflicts.add(app.name() + " exists but is not managed by this operator for instance "
                        + in.instance() + "; left in place");
            }
        }
        for (ObservedService service : in.observed().services().values()) {
            if (!service.exists()) {
                continue;
            }
            if (Ownership.service(service, in)) {
                actions.add(new Action.DestroyService(service.kind(), service.name()));
            } else {
                conflicts.add(Ownership.foreignService(service, in));
            }
        }
        return new Plan(actions, conflicts, new TreeSet<>());
    }
}
