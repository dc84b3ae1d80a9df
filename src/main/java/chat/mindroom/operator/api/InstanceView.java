package chat.mindroom.operator.api;

import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceStatus;
import chat.mindroom.operator.store.Event;
import chat.mindroom.operator.store.Instance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The API's document form of instances and events. */
public final class InstanceView {

    private InstanceView() {
    }

    static String etag(Instance instance) {
        return "\"" + instance.resourceVersion() + "\"";
    }

    public static Map<String, Object> instance(Instance instance) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", instance.name().value());
        tree.put("uid", instance.uid().toString());
        tree.put("generation", instance.generation());
        tree.put("resourceVersion", String.valueOf(instance.resourceVersion()));
        tree.put("createdAt", instance.createdAt().toString());
        tree.put("updatedAt", instance.updatedAt().toString());
        tree.put("deletionRequestedAt", time(instance.deletionRequestedAt()));
        tree.put("purgeAt", time(instance.purgeAt()));
        tree.put("purgeStartedAt", time(instance.purgeStartedAt()));
        tree.put("reconcileRequestedAt", time(instance.reconcileRequestedAt()));
        tree.put("spec", instance.spec());
        tree.put("status", status(instance.status()));
        return tree;
    }

    private static Map<String, Object> status(InstanceStatus status) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("phase", status.phase().name());
        tree.put("observedGeneration", status.observedGeneration());
        tree.put("conditions", status.conditions().stream().map(Condition::toTree).toList());
        tree.put("host", status.host().orElse(null));
        tree.put("urls", status.urls());
        tree.put("lastReconcileAt", time(status.lastReconcileAt()));
        if (status.lastErrorCode().isPresent()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", status.lastErrorCode().get());
            error.put("message", status.lastErrorMessage().orElse(""));
            tree.put("lastError", error);
        } else {
            tree.put("lastError", null);
        }
        tree.put("attempts", (long) status.attempts());
        tree.put("nextAttemptAt", time(status.nextAttemptAt()));
        if (status.lastDriftAt().isPresent()) {
            Map<String, Object> drift = new LinkedHashMap<>();
            drift.put("fields", status.lastDriftFields());
            drift.put("at", status.lastDriftAt().get().toString());
            tree.put("lastDrift", drift);
        } else {
            tree.put("lastDrift", null);
        }
        return tree;
    }


    static Map<String, Object> event(Event event) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", event.id());
        tree.put("at", event.at().toString());
        tree.put("type", event.type());
        tree.put("reason", event.reason());
        tree.put("message", event.message());
        tree.put("command", event.command().orElse(null));
        tree.put("exitCode", event.exitCode().map(Long::valueOf).orElse(null));
        tree.put("durationMs", event.durationMs().orElse(null));
        tree.put("actor", event.actor());
        tree.put("generation", event.generation().orElse(null));
        tree.put("instanceUid", event.instanceUid().map(UUID::toString).orElse(null));
        return tree;
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
