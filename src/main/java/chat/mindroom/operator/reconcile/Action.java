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
 */
public sealed interface Action {

    /** What the step does, secrets redacted: the form plans, events and logs show. */
    String describe();

    /** Whether the step removes something (paused while a safety brake is on). */
    default boolean destructive() {
        return false;
    }

    record CreateApp(String app) implements Action {
        public String describe() {
            return "apps:create " + app;
        }
    }

    record DestroyApp(String app) implements Action {
        public String describe() {
            return "apps:destroy --force " + app;
        }

        @Override
        public boolean destructive() {
            return true;
        }
    }

    record CreateService(ServiceKind kind, String service) implements Action {
        public String describe() {
            return kind.key() + ":create " + service;
        }
    }

    record DestroyService(ServiceKind kind, String service) implements Action {
        public String describe() {
            return kind.key() + ":destroy " + service + " --force";
        }

        @Override
        public boolean destructive() {
            return true;
        }
    }

    record LinkService(ServiceKind kind, String service, String app) implements Action {
        public String describe() {
            return kind.key() + ":link " + service + " " + app + " --no-restart";
        }
    }

    record UnlinkService(ServiceKind kind, String service, String app) implements Action {
        public String describe() {
            return kind.key() + ":unlink " + service + " " + app + " --no-restart";
        }

        @Override
        public boolean destructive() {
            return true;
        }
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

        @Override
        public String toString() {
            return "SetConfig[" + describe() + "]";
        }
    }

    record UnsetConfig(String app, List<String> keys) implements Action {
        public UnsetConfig {
            keys = List.copyOf(new TreeSet<>(keys));
        }

        public String describe() {
            return "config:unset --no-restart " + app + " " + String.join(" ", keys);
        }
    }

    record SetLimits(String app, String memory, String cpu) implements Action {
        public String describe() {
            return "resource:limit --memory " + memory + " --cpu " + cpu + " " + app;
        }
    }

    record SetDomains(String app, List<String> domains) implements Action {
        public SetDomains {
            domains = List.copyOf(new TreeSet<>(domains));
        }

        public String describe() {
            return "domains:set " + app + " " + String.join(" ", domains);
        }
    }

    record EnsureStorage(String name) implements Action {
        public String describe() {
            return "storage:ensure-directory " + name;
        }
    }

    record MountStorage(String app, String hostPath, String containerPath) implements Action {
        public String describe() {
            return "storage:mount " + app + " " + hostPath + ":" + containerPath;
        }
    }

    record UnmountStorage(String app, String hostPath, String containerPath) implements Action {
        public String describe() {
            return "storage:unmount " + app + " " + hostPath + ":" + containerPath;
        }

        @Override
        public boolean destructive() {
            return true;
        }
    }

    record Deploy(String app, String image) implements Action {
        public String describe() {
            return "git:from-image " + app + " " + image;
        }
    }

    record Restart(String app) implements Action {
        public String describe() {
            return "ps:restart " + app;
        }
    }

    record StopApp(String app) implements Action {
        public String describe() {
            return "ps:stop " + app;
        }
    }

    record StartApp(String app) implements Action {
        public String describe() {
            return "ps:start " + app;
        }
    }

    record EnableTls(String app) implements Action {
        public String describe() {
            return "letsencrypt:enable " + app;
        }
    }

    /** Streams {@code postgres:export} of the service into the backup directory. */
    record BackupDatabase(String service) implements Action {
        public String describe() {
            return "postgres:export " + service + " > backup";
        }
    }
}
