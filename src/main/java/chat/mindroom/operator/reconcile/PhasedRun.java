package chat.mindroom.operator.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Runs a plan in the order the planner gave it, phase after phase (create, configure, link,
 * processes, TLS, removal), and within a phase the actions of different apps and services in
 * parallel. Actions on one app stay sequential and in plan order. The first failure ends the run
 * after its phase; later phases never start.
 */
final class PhasedRun {

    private PhasedRun() {
    }

    static int phase(Action action) {
        if (action instanceof Action.BackupDatabase) {
            return 0;
        }
        if (action instanceof Action.CreateService || action instanceof Action.CreateApp) {
            return 1;
        }
        if (action instanceof Action.LinkService || action instanceof Action.UnlinkService) {
            return 3;
        }
        if (action instanceof Action.Deploy || action instanceof Action.Restart || action instanceof Action.StartApp
                || action instanceof Action.StopApp) {
            return 4;
        }
        if (action instanceof Action.EnableTls) {
            return 5;
        }
        if (action instanceof Action.DestroyApp) {
            return 6;
        }
        if (action instanceof Action.DestroyService) {
            return 7;
        }
        return 2;
    }

    /** The object an action changes; actions on one target never run at the same time. */
    static String target(Action action) {
        if (action instanceof Action.LinkService a) {
            return a.app();
        }
        if (action instanceof Action.UnlinkService a) {
            return a.app();
        }
        if (action instanceof Action.CreateService a) {
            return a.service();
        }
        if (action instanceof Action.DestroyService a) {
            return a.service();
        }
        if (action instanceof Action.BackupDatabase a) {
            return a.service();
        }
        if (action instanceof Action.EnsureStorage a) {
            return "storage:" + a.name();
        }
        try {
            return (String) action.getClass().getMethod("app").invoke(action);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("action without a target: " + action.getClass().getSimpleName(), e);
        }
    }

    static void run(List<Action> actions, ExecutorService pool, Consumer<Action> apply) {
        Map<Integer, Map<String, List<Action>>> phases = new java.util.TreeMap<>();
        for (Action action : actions) {
            // A storage directory is ensured in the chain of the app that mounts it next.
            String target = action instanceof Action.EnsureStorage ? nextMountTarget(actions, action) : target(action);
            phases.computeIfAbsent(phase(action), p -> new LinkedHashMap<>())
                    .computeIfAbsent(target, t -> new ArrayList<>())
                    .add(action);
        }
        for (Map<String, List<Action>> groups : phases.values()) {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (List<Action> chain : groups.values()) {
                running.add(CompletableFuture.runAsync(() -> chain.forEach(apply), pool));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Void> f : running) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : e;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static String nextMountTarget(List<Action> actions, Action ensure) {
        int i = actions.indexOf(ensure);
        for (int j = i + 1; j < actions.size(); j++) {
            if (actions.get(j) instanceof Action.MountStorage m) {
                return m.app();
            }
        }
        return "storage:" + ((Action.EnsureStorage) ensure).name();
    }
}
