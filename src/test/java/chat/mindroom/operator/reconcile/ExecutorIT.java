package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.store.Precondition;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.store.SecretBox;
import chat.mindroom.operator.store.jdbi.JdbiInstanceStore;
import chat.mindroom.operator.store.jdbi.JdbiReconcileStore;
import chat.mindroom.operator.testing.Migrated;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every kind of action reaches the client, and every write lands in the audit trail, redacted. */
class ExecutorIT {

    private static Action sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            types[i] = t;
            values[i] = t == String.class ? "mr-x-" + components[i].getName().toLowerCase()
                    : t == ServiceKind.class ? ServiceKind.POSTGRES
                    : t == List.class ? List.of("a.example.com")
                    : t == Set.class ? Set.of("SECRET")
                    : t == java.util.SortedMap.class ? new TreeMap<>(Map.of("SECRET", "hunter2-value", "PLAIN", "p"))
                    : null;
        }
        return (Action) type.getDeclaredConstructor(types).newInstance(values);
    }

    @Test
    void everyActionTypeIsExecutedAndRecorded() throws Exception {
        try (Migrated db = Migrated.fresh()) {
            List<String> backups = new ArrayList<>();
            JdbiReconcileStore store = new JdbiReconcileStore(db.jdbi(), new SecretBox(new byte[32]), Replica.create());
            new JdbiInstanceStore(db.jdbi()).apply(new InstanceName("exec"),
                    chat.mindroom.operator.spec.InstanceSpec.ofTier("free"), Precondition.NONE, "test");
            Executor executor = new Executor(store, (name, reason, objects) -> {
                backups.add(name + " " + reason);
                return Optional.empty();
            }, Clock.systemUTC(), Replica.create());
            RecordingDokkuClient client = new RecordingDokkuClient();
            List<Class<?>> kinds = new ArrayList<>(List.of(Action.class.getPermittedSubclasses()));
            for (Class<?> kind : kinds) {
                executor.apply(new InstanceName("exec"), 1, client, sample(kind));
            }
            // every kind is one Dokku command, but a backup, which the backups module takes
            assertThat(client.calls).hasSize(kinds.size() - 1);
            assertThat(backups).singleElement().asString().startsWith("exec ");
            List<String> commands = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT coalesce(command, message) FROM events WHERE instance_name = 'exec' AND actor LIKE 'reconciler/%'")
                    .mapTo(String.class).list());
            assertThat(commands).hasSizeGreaterThanOrEqualTo(kinds.size());
            assertThat(String.join("\n", commands)).doesNotContain("hunter2-value");
        }
    }
}
