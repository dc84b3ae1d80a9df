package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an app looks like after writes that succeeded: a pure function of the state observed before
 * and the actions. Only settings of existing apps are modelled (config, limits, domains, mounts,
 * deploys, start and stop, TLS); anything else (creating or destroying apps and services, links)
 * has no expected state here and the caller observes again instead.
 */
final class ExpectedEffects {

    private ExpectedEffects() {
    }

    static Optional<ObservedState> apply(ObservedState before, List<Action> actions) {
        SortedMap<String, ObservedApp> apps = new TreeMap<>(before.apps());
        for (Action action : actions) {
            if (action instanceof Action.EnsureStorage || action instanceof Action.Restart) {
                continue;
            }
            if (!action.appLocal()) {
                return Optional.empty();
            }
            String name = action.target();
            ObservedApp app = apps.get(name);
            if (app == null || !app.exists()) {
                return Optional.empty();
            }
            Optional<ObservedApp> after = apply(app, action);
            if (after.isEmpty()) {
                return Optional.empty();
            }
            apps.put(name, after.get());
        }
        return Optional.of(new ObservedState(apps, before.services(), before.facts()));
    }

    private static Optional<ObservedApp> apply(ObservedApp a, Action action) {
        SortedMap<String, String> env = new TreeMap<>(a.env());
        Optional<String> memory = a.memoryLimit();
        Optional<String> cpu = a.cpuLimit();
        TreeSet<String> domains = new TreeSet<>(a.domains());
        boolean vhost = a.vhostEnabled();
        List<StorageMount> mounts = new ArrayList<>(a.mounts());
        String source = a.deploySource();
        Optional<String> image = a.deployedImage();
        boolean deployed = a.deployed();
        boolean running = a.running();
        boolean restore = a.restore();
        Optional<Boolean> tls = a.tls();
        if (action instanceof Action.SetConfig c) {
            env.putAll(c.values());
        } else if (action instanceof Action.UnsetConfig u) {
            u.keys().forEach(env::remove);
        } else if (action instanceof Action.SetLimits l) {
            memory = Optional.of(l.memory());
            cpu = Optional.of(l.cpu());
        } else if (action instanceof Action.SetDomains d) {
            domains.clear();
            d.domains().forEach(x -> domains.add(x.toLowerCase(Locale.ROOT)));
            vhost = true;
        } else if (action instanceof Action.MountStorage m) {
            mounts.add(new StorageMount(m.hostPath(), m.containerPath()));
        } else if (action instanceof Action.UnmountStorage m) {
            mounts.remove(new StorageMount(m.hostPath(), m.containerPath()));
        } else if (action instanceof Action.Deploy d) {
            source = "docker-image";
            image = Optional.of(d.image());
            deployed = true;
            running = true;
            restore = true;
        } else if (action instanceof Action.StopApp) {
            running = false;
            restore = false;
        } else if (action instanceof Action.StartApp) {
            running = true;
            restore = true;
        } else if (action instanceof Action.EnableTls) {
            tls = Optional.of(true);
        } else {
            return Optional.empty();
        }
        return Optional.of(new ObservedApp(a.name(), true, env, memory, cpu, domains, vhost, mounts, source, image,
                deployed, running, restore, tls));
    }
}
