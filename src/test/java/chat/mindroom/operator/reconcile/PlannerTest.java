package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.reconcile.Observations.converged;
import static chat.mindroom.operator.reconcile.Observations.env;
import static chat.mindroom.operator.reconcile.Observations.withApp;
import static chat.mindroom.operator.reconcile.Observations.withService;
import static chat.mindroom.operator.reconcile.Observations.withoutApp;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.LimitOverrides;
import chat.mindroom.operator.spec.MatrixServer;
import chat.mindroom.operator.spec.MatrixSpec;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.template.DesiredState;
import chat.mindroom.operator.template.RenderSettings;
import chat.mindroom.operator.template.Renderer;
import chat.mindroom.operator.template.TemplateLoader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Planner tables: each case has a reason, a desired state, an observed state and the expected plan. */
class PlannerTest {

    private static final InstanceName ACME = new InstanceName("acme");
    private static final Renderer RENDERER = new Renderer(TemplateLoader.fromClasspath(),
            new RenderSettings("mindroom.chat", "v1"));
    private static final Map<String, String> SECRETS = Map.of("adminPassword", "pw-123",
            "matrixRegistrationSecret", "reg-456");
    private static final String BACKEND = "mr-acme-backend";
    private static final String FRONTEND = "mr-acme-frontend";
    private static final String MATRIX = "mr-acme-matrix";

    private static DesiredState desired(String tier, boolean matrix) {
        return RENDERER.render(ACME, new InstanceSpec(tier, Optional.of("acc"), LimitOverrides.NONE,
                new MatrixSpec(matrix, MatrixServer.TUWUNEL), List.of(), Optional.empty(), false, true));
    }

    private static final DesiredState STARTER = desired("starter", false);
    private static final DesiredState STARTER_MATRIX = desired("starter", true);
    private static final ObservedState DONE = converged(STARTER, SECRETS, Observations.WITH_TLS);

    private static PlanInput input(DesiredState desired, ObservedState observed) {
        return new PlanInput(ACME, desired, SECRETS, observed, false, false, true, false, Set.of(), Set.of(), Set.of(), Set.of());
    }

    private static PlanInput suspended(DesiredState desired, ObservedState observed) {
        return new PlanInput(ACME, desired, SECRETS, observed, true, false, true, false, Set.of(), Set.of(), Set.of(), Set.of());
    }

    private static PlanInput deleting(ObservedState observed, boolean backup, boolean backupDone) {
        return new PlanInput(ACME, DesiredState.nothing(ACME), SECRETS, observed, false, true, backup, backupDone,
                Set.of(), Set.of(), Set.of(), Set.of());
    }

    private static ObservedApp app(String name) {
        return DONE.apps().get(name);
    }

    static Stream<Arguments> cases() {
        ObservedState noLink = withService(DONE, new ObservedService(ServiceKind.POSTGRES, "mr-acme-db", true, new TreeSet<>()));
        ObservedState strangersDb = withService(DONE, new ObservedService(ServiceKind.POSTGRES, "mr-acme-db", true,
                new TreeSet<>(Set.of("their-app"))));
        ObservedState foreignLink = withService(withApp(DONE, "mr-acme-old", a -> env(env(
                new ObservedApp("mr-acme-old", true, new TreeMap<>(), Optional.empty(), Optional.empty(), new TreeSet<>(),
                        true, List.of(), "", Optional.empty(), false, false, true, Optional.empty()),
                "MINDROOM_MANAGED_BY", "mindroom-operator"), "MINDROOM_INSTANCE", "acme")),
                new ObservedService(ServiceKind.POSTGRES, "mr-acme-db", true, new TreeSet<>(Set.of(BACKEND, "mr-acme-old"))));
        ObservedApp foreign = new ObservedApp(BACKEND, true, new TreeMap<>(Map.of("NO_VHOST", "1", "OTHER", "x")),
                Optional.empty(), Optional.empty(), new TreeSet<>(), false, List.of(), "git-push", Optional.of("x"),
                true, true, true, Optional.empty());
        ObservedApp pristine = new ObservedApp(BACKEND, true, new TreeMap<>(Map.of("NO_VHOST", "1")), Optional.empty(),
                Optional.empty(), new TreeSet<>(), false, List.of(), "", Optional.empty(), false, false, true,
                Optional.empty());
        return Stream.of(
            Arguments.of("a converged instance plans nothing", input(STARTER, DONE), List.of()),
            Arguments.of("a fresh instance is provisioned in order, deployed once per app, TLS last",
                input(STARTER, Observations.nothing(Observations.WITH_TLS)), List.of(
                    "postgres:create mr-acme-db", "redis:create mr-acme-redis",
                    "apps:create " + BACKEND, "apps:create " + FRONTEND,
                    "config:set* " + BACKEND, "resource:limit --memory 512m --cpu 0.5 " + BACKEND,
                    "domains:set " + BACKEND + " api.acme.mindroom.chat", "storage:ensure-directory mr-acme",
                    "storage:mount " + BACKEND + " /var/lib/dokku/data/storage/mr-acme:/app/data",
                    "config:set* " + FRONTEND, "resource:limit --memory 128m --cpu 0.1 " + FRONTEND,
                    "domains:set " + FRONTEND + " acme.mindroom.chat",
                    "postgres:link mr-acme-db " + BACKEND + " --no-restart",
                    "redis:link mr-acme-redis " + BACKEND + " --no-restart",
                    "git:from-image " + BACKEND + " ghcr.io/mindroom/mindroom-backend:v1",
                    "git:from-image " + FRONTEND + " ghcr.io/mindroom/mindroom-frontend:v1",
                    "letsencrypt:enable " + BACKEND, "letsencrypt:enable " + FRONTEND)),
            Arguments.of("an owned env value changed: one config:set of that key, one restart",
                input(STARTER, withApp(DONE, BACKEND, a -> env(a, "MINDROOM_TIER", "free"))),
                List.of("config:set --encoded --no-restart " + BACKEND + " MINDROOM_TIER=<redacted>", "ps:restart " + BACKEND)),
            Arguments.of("an owned key removed out of band is set again",
                input(STARTER, withApp(DONE, FRONTEND, a -> env(a, "MINDROOM_API_URL", null))),
                List.of("config:set --encoded --no-restart " + FRONTEND + " MINDROOM_API_URL=<redacted>",
                    "ps:restart " + FRONTEND)),
            Arguments.of("a key the template dropped is unset; Dokku's and plugins' keys are never touched",
                input(STARTER, withApp(DONE, BACKEND, a -> env(env(env(a, "OLD_KEY", "x"), Planner.MANAGED_KEYS,
                    a.env().get(Planner.MANAGED_KEYS) + ",OLD_KEY"), "SOMEONE_ELSES", "y"))),
                List.of("config:set --encoded --no-restart " + BACKEND + " MINDROOM_MANAGED_KEYS=<redacted>",
                    "config:unset --no-restart " + BACKEND + " OLD_KEY", "ps:restart " + BACKEND)),
            Arguments.of("a value Dokku normalized compares equal (memory 0.5g vs 512m)",
                input(STARTER, withApp(DONE, BACKEND, a -> Observations.copy(a, a.env(), Optional.of("0.5g"), a.domains(),
                    true, true, a.deployedImage(), a.tls()))), List.of()),
            Arguments.of("a limit changed out of band: resource:limit and one restart",
                input(STARTER, withApp(DONE, BACKEND, a -> Observations.copy(a, a.env(), Optional.of("1g"), a.domains(),
                    true, true, a.deployedImage(), a.tls()))),
                List.of("resource:limit --memory 512m --cpu 0.5 " + BACKEND, "ps:restart " + BACKEND)),
            Arguments.of("a domain removed: domains:set, no restart (nginx reloads)",
                input(STARTER, withApp(DONE, FRONTEND, a -> Observations.copy(a, a.env(), a.memoryLimit(),
                    new TreeSet<>(), true, true, a.deployedImage(), a.tls()))),
                List.of("domains:set " + FRONTEND + " acme.mindroom.chat")),
            Arguments.of("a mount removed: ensure the directory, mount, restart",
                input(STARTER, withApp(DONE, BACKEND, a -> new ObservedApp(a.name(), true, a.env(), a.memoryLimit(),
                    a.cpuLimit(), a.domains(), true, List.of(), a.deploySource(), a.deployedImage(), true, true, true,
                    a.tls()))),
                List.of("storage:ensure-directory mr-acme",
                    "storage:mount " + BACKEND + " /var/lib/dokku/data/storage/mr-acme:/app/data", "ps:restart " + BACKEND)),
            Arguments.of("our storage mounted at a wrong path is unmounted",
                input(STARTER, withApp(DONE, BACKEND, a -> new ObservedApp(a.name(), true, a.env(), a.memoryLimit(),
                    a.cpuLimit(), a.domains(), true, List.of(new StorageMount("/var/lib/dokku/data/storage/mr-acme",
                    "/app/data"), new StorageMount("/var/lib/dokku/data/storage/mr-acme", "/old")), a.deploySource(),
                    a.deployedImage(), true, true, true, a.tls()))),
                List.of("storage:unmount " + BACKEND + " /var/lib/dokku/data/storage/mr-acme:/old", "ps:restart " + BACKEND)),
            Arguments.of("a service we created (intent recorded), unlinked out of band: link again, restart",
                new PlanInput(ACME, STARTER, SECRETS, noLink, false, false, true, false, Set.of("mr-acme-db"), Set.of(),
                    Set.of(), Set.of()),
                List.of("postgres:link mr-acme-db " + BACKEND + " --no-restart", "ps:restart " + BACKEND)),
            Arguments.of("an unlinked service nobody recorded creating is not ours: left alone (Conflict)",
                input(STARTER, noLink), List.of()),
            Arguments.of("a service destroyed out of band: create, link, restart",
                input(STARTER, withService(DONE, new ObservedService(ServiceKind.REDIS, "mr-acme-redis", false, new TreeSet<>()))),
                List.of("redis:create mr-acme-redis", "redis:link mr-acme-redis " + BACKEND + " --no-restart",
                    "ps:restart " + BACKEND)),
            Arguments.of("a link to an app of ours the spec no longer wants is removed; the app is destroyed",
                input(STARTER, foreignLink),
                List.of("postgres:unlink mr-acme-db mr-acme-old --no-restart", "apps:destroy --force mr-acme-old")),
            Arguments.of("an app destroyed out of band is recreated and deployed, not restarted",
                input(STARTER, withoutApp(DONE, FRONTEND)),
                List.of("apps:create " + FRONTEND, "config:set* " + FRONTEND,
                    "resource:limit --memory 128m --cpu 0.1 " + FRONTEND, "domains:set " + FRONTEND + " acme.mindroom.chat",
                    "git:from-image " + FRONTEND + " ghcr.io/mindroom/mindroom-frontend:v1", "letsencrypt:enable " + FRONTEND)),
            Arguments.of("a new release deploys the new image; the deploy applies config, no extra restart",
                input(new Renderer(TemplateLoader.fromClasspath(), new RenderSettings("mindroom.chat", "v2")).render(ACME,
                    new InstanceSpec("starter", Optional.of("acc"), LimitOverrides.NONE, MatrixSpec.DISABLED, List.of(),
                    Optional.empty(), false, true)), DONE),
                List.of("git:from-image " + BACKEND + " ghcr.io/mindroom/mindroom-backend:v2",
                    "git:from-image " + FRONTEND + " ghcr.io/mindroom/mindroom-frontend:v2")),
            Arguments.of("a tier upgrade changes limits and config with exactly one restart per affected app",
                input(desired("professional", false), DONE),
                List.of("config:set* " + BACKEND, "resource:limit --memory 2048m --cpu 1 " + BACKEND, "ps:restart " + BACKEND)),
            Arguments.of("Matrix on creates the homeserver app and restarts the backend for its new env",
                input(STARTER_MATRIX, DONE),
                List.of("apps:create " + MATRIX, "config:set* " + BACKEND, "config:set* " + MATRIX,
                    "resource:limit --memory 256m --cpu 0.25 " + MATRIX, "domains:set " + MATRIX + " matrix.acme.mindroom.chat",
                    "storage:ensure-directory mr-acme-matrix",
                    "storage:mount " + MATRIX + " /var/lib/dokku/data/storage/mr-acme-matrix:/data",
                    "ps:restart " + BACKEND, "git:from-image " + MATRIX + " ghcr.io/matrix-construct/tuwunel:v1.4.7",
                    "letsencrypt:enable " + MATRIX)),
            Arguments.of("Matrix off destroys the homeserver app",
                input(STARTER, converged(STARTER_MATRIX, SECRETS, Observations.WITH_TLS)),
                List.of("config:set* " + BACKEND, "config:unset --no-restart " + BACKEND + " MATRIX_HOMESERVER_URL",
                    "ps:restart " + BACKEND, "apps:destroy --force " + MATRIX)),
            Arguments.of("suspend stops running apps and keeps everything",
                suspended(STARTER, DONE), List.of("ps:stop " + BACKEND, "ps:stop " + FRONTEND)),
            Arguments.of("a suspended, stopped instance plans nothing",
                suspended(STARTER, withApp(withApp(DONE, BACKEND, a -> Observations.copy(a, a.env(), a.memoryLimit(),
                    a.domains(), true, false, a.deployedImage(), a.tls())), FRONTEND, a -> Observations.copy(a, a.env(),
                    a.memoryLimit(), a.domains(), true, false, a.deployedImage(), a.tls()))), List.of()),
            Arguments.of("resume starts stopped apps; start applies config changes, no restart",
                input(STARTER, withApp(DONE, BACKEND, a -> env(Observations.copy(a, a.env(), a.memoryLimit(), a.domains(),
                    true, false, a.deployedImage(), a.tls()), "MINDROOM_TIER", "free"))),
                List.of("config:set --encoded --no-restart " + BACKEND + " MINDROOM_TIER=<redacted>", "ps:start " + BACKEND)),
            Arguments.of("TLS missing where the plugin exists is enabled last",
                input(STARTER, withApp(DONE, FRONTEND, a -> Observations.copy(a, a.env(), a.memoryLimit(), a.domains(),
                    true, true, a.deployedImage(), Optional.of(false)))), List.of("letsencrypt:enable " + FRONTEND)),
            Arguments.of("a restart owed (written, not yet run) is planned again, and only it",
                new PlanInput(ACME, STARTER, SECRETS, DONE, false, false, true, false, Set.of(), Set.of(BACKEND),
                    Set.of(), Set.of()), List.of("ps:restart " + BACKEND)),
            Arguments.of("a certificate that failed is not requested again before it is due",
                new PlanInput(ACME, STARTER, SECRETS, withApp(DONE, FRONTEND, a -> Observations.copy(a, a.env(),
                    a.memoryLimit(), a.domains(), true, true, a.deployedImage(), Optional.of(false))), false, false, true,
                    false, Set.of(), Set.of(), Set.of(FRONTEND), Set.of(FRONTEND)), List.of()),
            Arguments.of("a certificate that failed is requested again once due",
                new PlanInput(ACME, STARTER, SECRETS, withApp(DONE, FRONTEND, a -> Observations.copy(a, a.env(),
                    a.memoryLimit(), a.domains(), true, true, a.deployedImage(), Optional.of(false))), false, false, true,
                    false, Set.of(), Set.of(), Set.of(FRONTEND), Set.of()), List.of("letsencrypt:enable " + FRONTEND)),
            Arguments.of("without the letsencrypt plugin TLS is not planned and the rest converges",
                input(STARTER, converged(STARTER, SECRETS, Observations.NO_TLS)), List.of()),
            Arguments.of("a foreign app with our name is left untouched (Conflict)",
                input(STARTER, withApp(DONE, BACKEND, a -> foreign)), List.of()),
            Arguments.of("an app created before a crash, not yet marked, is adopted, not recreated",
                new PlanInput(ACME, STARTER, SECRETS, withApp(DONE, BACKEND, a -> pristine), false, false, true, false,
                    Set.of(BACKEND), Set.of(), Set.of(), Set.of()),
                List.of("config:set* " + BACKEND, "resource:limit --memory 512m --cpu 0.5 " + BACKEND,
                    "domains:set " + BACKEND + " api.acme.mindroom.chat", "storage:ensure-directory mr-acme",
                    "storage:mount " + BACKEND + " /var/lib/dokku/data/storage/mr-acme:/app/data",
                    "git:from-image " + BACKEND + " ghcr.io/mindroom/mindroom-backend:v1", "letsencrypt:enable " + BACKEND)),
            Arguments.of("deletion backs up first, then destroys apps, then services",
                deleting(DONE, true, false),
                List.of("backup (database, Redis, volumes) before deletion", "apps:destroy --force " + BACKEND,
                    "apps:destroy --force " + FRONTEND, "postgres:destroy mr-acme-db --force",
                    "redis:destroy mr-acme-redis --force")),
            Arguments.of("deletion without backupOnDelete destroys at once",
                deleting(DONE, false, false),
                List.of("apps:destroy --force " + BACKEND, "apps:destroy --force " + FRONTEND,
                    "postgres:destroy mr-acme-db --force", "redis:destroy mr-acme-redis --force")),
            Arguments.of("deletion never destroys a foreign app, nor the services only it is linked to",
                deleting(withApp(DONE, BACKEND, a -> foreign), true, true),
                List.of("apps:destroy --force " + FRONTEND)),
            Arguments.of("a database someone else created and linked to their app is never exported or destroyed",
                deleting(strangersDb, true, false),
                List.of("apps:destroy --force " + BACKEND, "apps:destroy --force " + FRONTEND,
                    "redis:destroy mr-acme-redis --force")),
            Arguments.of("a stranger's database under our name is not linked to our backend (Conflict)",
                input(STARTER, strangersDb), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(String reason, PlanInput input, List<String> expected) {
        List<String> actual = Planner.plan(input).describe().stream()
                .map(d -> d.startsWith("config:set --encoded --no-restart ") && expected.stream().anyMatch(
                        e -> e.equals("config:set* " + d.split(" ")[3])) ? "config:set* " + d.split(" ")[3] : d)
                .toList();
        assertThat(actual).as(reason).containsExactlyElementsOf(expected);
    }

    @Test
    void planningIsDeterministicAndConvergent() {
        PlanInput fresh = input(STARTER_MATRIX, Observations.nothing(Observations.WITH_TLS));
        assertThat(Planner.plan(fresh)).isEqualTo(Planner.plan(fresh));
        assertThat(Planner.plan(input(STARTER_MATRIX, converged(STARTER_MATRIX, SECRETS, Observations.WITH_TLS)))
                .converged()).isTrue();
    }

    @Test
    void plansNeverShowSecretValues() {
        Plan plan = Planner.plan(input(STARTER, Observations.nothing(Observations.WITH_TLS)));
        String all = String.join("\n", plan.describe()) + plan.actions();
        assertThat(all).doesNotContain("pw-123").doesNotContain("reg-456");
        Action.SetConfig backend = (Action.SetConfig) plan.actions().stream()
                .filter(a -> a instanceof Action.SetConfig s && s.app().equals(BACKEND)).findFirst().orElseThrow();
        assertThat(backend.values()).containsEntry("MINDROOM_ADMIN_PASSWORD", "pw-123");
        assertThat(backend.secretKeys()).containsExactly("MINDROOM_ADMIN_PASSWORD");
    }

    @Test
    void theTablesCoverEveryActionType() {
        Set<Class<?>> seen = new HashSet<>();
        cases().forEach(c -> {
            Planner.plan((PlanInput) c.get()[1]).actions().forEach(a -> seen.add(a.getClass()));
        });
        assertThat(seen).containsExactlyInAnyOrderElementsOf(Arrays.asList(Action.class.getPermittedSubclasses()));
    }

    @Test
    void conflictsAreReported() {
        ObservedApp foreign = new ObservedApp(BACKEND, true, new TreeMap<>(Map.of("OTHER", "x")), Optional.empty(),
                Optional.empty(), new TreeSet<>(), false, List.of(), "git-push", Optional.of("x"), true, true, true,
                Optional.empty());
        Plan plan = Planner.plan(input(STARTER, withApp(DONE, BACKEND, a -> foreign)));
        assertThat(plan.conflicts()).as("the app, and the services only it is linked to").hasSize(3)
                .anyMatch(c -> c.startsWith(BACKEND + " exists but is not managed"));
        assertThat(plan.actions().stream().map(Action::describe).collect(Collectors.joining())).doesNotContain(BACKEND);
    }
}
