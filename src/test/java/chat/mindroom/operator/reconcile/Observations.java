package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.HostFacts;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import chat.mindroom.operator.dokku.parse.DokkuVersion;
import chat.mindroom.operator.template.DesiredApp;
import chat.mindroom.operator.template.DesiredService;
import chat.mindroom.operator.template.DesiredState;
import chat.mindroom.operator.template.EnvValue;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Hand-built observed states for planner tests: what a host looks like after a plan applied. */
final class Observations {

    static final HostFacts WITH_TLS = new HostFacts(new DokkuVersion(0, 38, 27),
            new TreeMap<>(Map.of("postgres", "1.48.0", "redis", "1.43.0", "letsencrypt", "0.25.1")));
    static final HostFacts NO_TLS = new HostFacts(new DokkuVersion(0, 38, 27),
            new TreeMap<>(Map.of("postgres", "1.48.0", "redis", "1.43.0")));

    private Observations() {
    }

    static ObservedState nothing(HostFacts facts) {
        return new ObservedState(new TreeMap<>(), new TreeMap<>(), facts);
    }

    /** The state a fully converged, running instance shows. */
    static ObservedState converged(DesiredState desired, Map<String, String> secrets, HostFacts facts) {
        SortedMap<String, ObservedApp> apps = new TreeMap<>();
        for (DesiredApp app : desired.apps().values()) {
            TreeMap<String, String> env = new TreeMap<>();
            env.put("NO_VHOST", "0");
            app.env().forEach((k, v) -> env.put(k, v instanceof EnvValue.Secret s ? secrets.get(s.name())
                    : ((EnvValue.Literal) v).value()));
            env.put(Planner.MANAGED_KEYS, String.join(",", new TreeSet<>(app.env().keySet())));
            for (DesiredService service : desired.services().values()) {
                if (service.linkedApps().contains(app.name())) {
                    env.put(service.kind().key().equals("postgres") ? "DATABASE_URL" : "REDIS_URL", "url://" + service.name());
                }
            }
            apps.put(app.name(), new ObservedApp(app.name(), true, env, Optional.of(app.limits().dokkuMemory()),
                    Optional.of(app.limits().dokkuCpu()), new TreeSet<>(app.domains()), true,
                    app.mounts().stream().map(m -> new StorageMount(m.hostPath(), m.containerPath())).toList(),
                    "docker-image", Optional.of(app.image()), true, true, true,
                    facts.letsencrypt() ? Optional.of(true) : Optional.empty()));
        }
        SortedMap<String, ObservedService> services = new TreeMap<>();
        for (DesiredService service : desired.services().values()) {
            services.put(service.name(), new ObservedService(service.kind(), service.name(), true, service.linkedApps()));
        }
        return new ObservedState(apps, services, facts);
    }

    static ObservedState withApp(ObservedState state, String app, UnaryOperator<ObservedApp> change) {
        SortedMap<String, ObservedApp> apps = new TreeMap<>(state.apps());
        apps.put(app, change.apply(apps.getOrDefault(app, ObservedApp.missing(app))));
        return new ObservedState(apps, state.services(), state.facts());
    }

    static ObservedState withoutApp(ObservedState state, String app) {
        SortedMap<String, ObservedApp> apps = new TreeMap<>(state.apps());
        apps.remove(app);
        return new ObservedState(apps, state.services(), state.facts());
    }

    static ObservedState withService(ObservedState state, ObservedService service) {
        SortedMap<String, ObservedService> services = new TreeMap<>(state.services());
        services.put(service.name(), service);
        return new ObservedState(state.apps(), services, state.facts());
    }

    static ObservedApp env(ObservedApp app, String key, String value) {
        TreeMap<String, String> env = new TreeMap<>(app.env());
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return copy(app, env, app.memoryLimit(), app.domains(), app.deployed(), app.running(), app.deployedImage(),
                app.tls());
    }

    static ObservedApp copy(ObservedApp a, SortedMap<String, String> env, Optional<String> memory,
                            SortedSet<String> domains, boolean deployed, boolean running,
                            Optional<String> image, Optional<Boolean> tls) {
        return new ObservedApp(a.name(), a.exists(), env, memory, a.cpuLimit(), domains, a.vhostEnabled(), a.mounts(),
                a.deploySource(), image, deployed, running, running || a.restore(), tls);
    }
}
