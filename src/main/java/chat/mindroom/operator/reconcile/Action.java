package chat.mindroom.operator.reconcile;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.ServiceKind;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One step of a plan: exactly one Dokku command. A closed set; the executor handles each kind and a
 * test walks {@code Action.class.getPermittedSubclasses()} to prove it. {@link #describe()} is the
 * only text form and never contains a config value.
 *
 * <p>What an action is lives here, on the type: the object it changes ({@link #target}), when it
 * runs ({@link #stage}), whether it removes something ({@link #destructive}), whether a fresh read
 * of its app is enough to plan it ({@link #appLocal}) and whether it converges whatever the app
 * holds, so it needs no read at all ({@link #writtenWhole}).
 */
public sealed interface Action {

    /** What the step does, secrets redacted: the form plans, events and logs show. */
    String describe();

    /** The object the step changes (an app, a service, a storage directory); steps on one target never overlap. */
    String target();

    /** When the step runs in a pass. */
    Stage stage();

    /** Whether the step removes something (paused while a safety brake is on). */
    default boolean destructive() {
        return false;
    }

    /**
     * Whether the step destroys a whole app or service (and the data in it): the destructive intent
     * the fleet brake counts, and that waits the settle time when a spec edit causes it.
     */
    default boolean removesObject() {
        return false;
    }

    /** Whether a fresh read of the app it targets is all that planning this step needs. */
    default boolean appLocal() {
        return false;
    }

    /** Whether the step writes a setting whole, converging whatever the app holds (no read needed). */
    default boolean writtenWhole() {
        return false;
    }

    record CreateApp(String app) implements Action {
        public String describe() { return "apps:create " + app; }
        public String target() { return app; }
        public Stage stage() { return Stage.CREATE; }
    }

    record DestroyApp(String app) implements Action {
        public String describe() { return "apps:destroy --force " + app; }
        @Override public boolean destructive() { return true; }
        @Override public boolean removesObject() { return true; }
        public String target() { return app; }
        public Stage stage() { return Stage.DESTROY_APPS; }
    }

    record CreateService(ServiceKind kind, String service) implements Action {
        public String describe() { return kind.key() + ":create " + service; }
        public String target() { return service; }
        public Stage stage() { return Stage.CREATE; }
    }

    record DestroyService(ServiceKind kind, String service) implements Action {
        public String describe() { return kind.key() + ":destroy " + service + " --force"; }
        @Override public boolean destructive() { return true; }
        @Override public boolean removesObject() { return true; }
        public String target() { return service; }
        public Stage stage() { return Stage.DESTROY_SERVICES; }
    }

    record LinkService(ServiceKind kind, String service, String app) implements Action {
        public String describe() { return kind.key() + ":link " + service + " " + app + " --no-restart"; }
        public String target() { return app; }
        public Stage stage() { return Stage.LINK; }
    }

    record UnlinkService(ServiceKind kind, String service, String app) implements Action {
        public String describe() { return kind.key() + ":unlink " + service + " " + app + " --no-restart"; }
        @Override public boolean destructive() { return true; }
        public String target() { return app; }
        public Stage stage() { return Stage.LINK; }
    }

    /** Values are the owned keys' desired values; {@code secretKeys} marks generated secrets. */
    record SetConfig(String app, SortedMap<String, String> values, Set<String> secretKeys) implements Action {
        public SetConfig {
            requireNonNull(app, "app is null");
            values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
            secretKeys = Set.copyOf(secretKeys);
        }

        public String describe() {
            StringBuilder out = new StringBuilder("config:set --encoded --no-restart " + app);
            values.keySet().forEach(k -> out.append(' ').append(k).append("=<redacted>"));
            return out.toString();
        }

        @Override public String toString() { return "SetConfig[" + describe() + "]"; }
        public String target() { return app; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
        @Override public boolean writtenWhole() { return true; }
    }

    record UnsetConfig(String app, List<String> keys) implements Action {
        public UnsetConfig {
            keys = List.copyOf(new TreeSet<>(keys));
        }

        public String describe() { return "config:unset --no-restart " + app + " " + String.join(" ", keys); }
        public String target() { return app; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
        @Override public boolean writtenWhole() { return true; }
    }

    record SetLimits(String app, String memory, String cpu) implements Action {
        public String describe() { return "resource:limit --memory " + memory + " --cpu " + cpu + " " + app; }
        public String target() { return app; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
        @Override public boolean writtenWhole() { return true; }
    }

    record SetDomains(String app, List<String> domains) implements Action {
        public SetDomains {
            domains = List.copyOf(new TreeSet<>(domains));
        }

        public String describe() { return "domains:set " + app + " " + String.join(" ", domains); }
        public String target() { return app; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
        @Override public boolean writtenWhole() { return true; }
    }

    record EnsureStorage(String name) implements Action {
        public String describe() { return "storage:ensure-directory " + name; }
        public String target() { return "storage:" + name; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
    }

    record MountStorage(String app, String hostPath, String containerPath) implements Action {
        public String describe() { return "storage:mount " + app + " " + hostPath + ":" + containerPath; }
        public String target() { return app; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
    }

    record UnmountStorage(String app, String hostPath, String containerPath) implements Action {
        public String describe() { return "storage:unmount " + app + " " + hostPath + ":" + containerPath; }
        @Override public boolean destructive() { return true; }
        public String target() { return app; }
        public Stage stage() { return Stage.CONFIGURE; }
        @Override public boolean appLocal() { return true; }
    }

    record Deploy(String app, String image) implements Action {
        public String describe() { return "git:from-image " + app + " " + image; }
        public String target() { return app; }
        public Stage stage() { return Stage.PROCESSES; }
        @Override public boolean appLocal() { return true; }
    }

    record Restart(String app) implements Action {
        public String describe() { return "ps:restart " + app; }
        public String target() { return app; }
        public Stage stage() { return Stage.PROCESSES; }
        @Override public boolean appLocal() { return true; }
        @Override public boolean writtenWhole() { return true; }
    }

    record StopApp(String app) implements Action {
        public String describe() { return "ps:stop " + app; }
        public String target() { return app; }
        public Stage stage() { return Stage.PROCESSES; }
        @Override public boolean appLocal() { return true; }
    }

    record StartApp(String app) implements Action {
        public String describe() { return "ps:start " + app; }
        public String target() { return app; }
        public Stage stage() { return Stage.PROCESSES; }
        @Override public boolean appLocal() { return true; }
    }

    record EnableTls(String app) implements Action {
        public String describe() { return "letsencrypt:enable " + app; }
        public String target() { return app; }
        public Stage stage() { return Stage.TLS; }
        @Override public boolean appLocal() { return true; }
    }

    /**
     * A complete backup of the instance (database, Redis, volumes), taken before anything of it is
     * destroyed; the destruction does not run unless it completes. It reads only {@code objects},
     * the apps and services provably the instance's own (a stranger's database under one of its
     * names is never exported into its backups).
     */
    record Backup(String reason, Set<String> objects) implements Action {
        public Backup {
            objects = Set.copyOf(objects);
        }

        public String describe() { return "backup (database, Redis, volumes) " + reason; }
        public String target() { return "backup"; }
        public Stage stage() { return Stage.BACKUP; }
    }
}
