package chat.mindroom.operator.reconcile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Runs a plan stage after stage (see {@link Stage}), and within a stage the actions of different apps and services in
 * parallel. Actions on one app stay sequential and in plan order. The first failure ends the run
 * after its stage; later stages never start.
 */
final class PhasedRun {

    private PhasedRun() {
    }

    static void run(List<Action> actions, ExecutorService pool, Consumer<Action> apply) {
        Map<Stage, Map<String, List<Action>>> phases = new EnumMap<>(Stage.class);
        for (Action action : actions) {
            // A storage directory is ensured in the chain of the app that mounts it next.
            String target = action instanceof Action.EnsureStorage ? nextMountTarget(actions, action) : action.target();
            phases.computeIfAbsent(action.stage(), p -> new LinkedHashMap<>())
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
        return ensure.target();
    }
}
