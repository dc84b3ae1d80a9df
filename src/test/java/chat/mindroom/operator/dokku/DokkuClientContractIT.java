package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.parse.DokkuOutput.StorageMount;
import chat.mindroom.operator.spec.ServiceKind;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DokkuClient contract, over real SSH: against the sandbox in the normal test run, or against
 * a real Dokku host with DOKKU_TEST_HOST set. Uses only {@code mrtest-} names and removes them.
 */
class DokkuClientContractIT {

    private static final String APP = "mrtest-app";
    private static final String DB = "mrtest-db";
    private static final String CACHE = "mrtest-cache";

    @TempDir
    static Path scratch;

    private static DokkuTarget target;
    private static DokkuClient client;

    @BeforeAll
    static void open() throws Exception {
        target = DokkuTarget.open(scratch);
        client = target.client();
    }

    @AfterAll
    static void close() {
        target.close();
    }

    @AfterEach
    void cleanUp() {
        ignoring(() -> client.destroyApp(APP));
        ignoring(() -> client.destroyService(ServiceKind.POSTGRES, DB));
        ignoring(() -> client.destroyService(ServiceKind.REDIS, CACHE));
        assertThat(client.apps()).noneMatch(a -> a.startsWith("mrtest-"));
    }

    private static void ignoring(Runnable r) {
        try {
            r.run();
        } catch (OperatorException ignored) {
            // already gone
        }
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(OperatorException.class)
                .satisfies(e -> assertThat(((OperatorException) e).code()).isEqualTo(code));
    }

    @Test
    void factsNameASupportedVersionAndTheServicePlugins() {
        HostFacts facts = client.refreshFacts();
        assertThat(facts.version().supported()).isTrue();
        assertThat(facts.plugins()).containsKeys("postgres", "redis");
        assertThat(client.facts()).isEqualTo(facts);
    }

    @Test
    void appLifecycle() {
        assertThat(client.observeApp(APP).exists()).isFalse();
        Executed created = client.createApp(APP);
        assertThat(created.command()).isEqualTo("apps:create " + APP);
        assertThat(client.apps()).contains(APP);
        ObservedApp app = client.observeApp(APP);
        assertThat(app.exists()).isTrue();
        assertThat(app.managed()).isFalse();
        assertThat(app.deployed()).isFalse();
        assertCode(() -> client.createApp(APP), ErrorCode.ALREADY_EXISTS);
        client.destroyApp(APP);
        assertThat(client.observeApp(APP).exists()).isFalse();
        assertCode(() -> client.destroyApp(APP), ErrorCode.APP_MISSING);
    }

    @Test
    void configIsSetEncodedAndReadBackNormalizedLeavingOtherKeysAlone() {
        client.createApp(APP);
        String dokkuOwn = client.observeApp(APP).env().get("NO_VHOST");
        TreeMap<String, String> values = new TreeMap<>(Map.of(
                "MINDROOM_MANAGED_BY", "mindroom-operator", "MINDROOM_INSTANCE", "test", "ZERO", "007",
                "SECRET", "s3cr3t value"));
        Executed set = client.setConfig(APP, values, Set.of("SECRET"));
        assertThat(set.command()).doesNotContain("s3cr3t").doesNotContain(java.util.Base64.getEncoder()
                .encodeToString("s3cr3t value".getBytes()));
        ObservedApp app = client.observeApp(APP);
        assertThat(app.env()).containsEntry("ZERO", "7").containsEntry("SECRET", "s3cr3t value")
                .containsEntry("NO_VHOST", dokkuOwn);
        assertThat(app.managed()).isTrue();
        assertThat(app.owner()).contains("test");
        client.unsetConfig(APP, List.of("ZERO", "NEVER_SET"));
        assertThat(client.observeApp(APP).env()).doesNotContainKey("ZERO").containsKey("SECRET");
    }

    /** APP with limits, two domains and a storage mount. */
    private static void configuredApp() {
        client.createApp(APP);
        client.setLimits(APP, "512m", "0.5");
        client.setDomains(APP, List.of("api.mrtest.example.com", "www.mrtest.example.com"));
        client.ensureStorage(APP);
        client.mount(APP, "/var/lib/dokku/data/storage/" + APP, "/app/data");
    }

    @Test
    void limitsDomainsAndMounts() {
        configuredApp();
        ObservedApp app = client.observeApp(APP);
        assertThat(app.memoryLimit()).contains("512m");
        assertThat(app.cpuLimit()).contains("0.5");
        assertThat(app.domains()).containsExactly("api.mrtest.example.com", "www.mrtest.example.com");
        assertThat(app.vhostEnabled()).isTrue();
        assertThat(app.mounts()).containsExactly(new StorageMount("/var/lib/dokku/data/storage/" + APP, "/app/data"));
        assertCode(() -> client.mount(APP, "/var/lib/dokku/data/storage/" + APP, "/app/data"), ErrorCode.ALREADY_EXISTS);
        client.unmount(APP, "/var/lib/dokku/data/storage/" + APP, "/app/data");
        assertThat(client.observeApp(APP).mounts()).isEmpty();
        assertCode(() -> client.unmount(APP, "/var/lib/dokku/data/storage/" + APP, "/app/data"), ErrorCode.NOT_LINKED);
    }

    @Test
    void theHostSnapshotSeesEveryAppAsItsOwnReportsDo() {
        configuredApp();
        client.createService(ServiceKind.POSTGRES, DB);
        HostSnapshot snapshot = client.snapshot().orElseThrow();
        assertThat(snapshot.apps().keySet()).containsExactlyElementsOf(new java.util.TreeSet<>(client.apps()));
        assertThat(snapshot.services().get(ServiceKind.POSTGRES)).contains(DB);
        assertThat(snapshot.services().get(ServiceKind.REDIS)).doesNotContain(CACHE);
        // Every app on the host (others' too, on a real host): the bulk parse equals the per-app one.
        for (String name : snapshot.apps().keySet()) {
            ObservedApp one = client.observeApp(name);
            HostSnapshot.AppSnapshot bulk = snapshot.apps().get(name);
            assertThat(bulk).as(name).isEqualTo(new HostSnapshot.AppSnapshot(one.memoryLimit(), one.cpuLimit(),
                    one.domains(), one.vhostEnabled(), one.mounts(), one.deploySource(), one.deployedImage()));
        }
        assertThat(snapshot.apps().get(APP).memoryLimit()).contains("512m");
        assertThat(snapshot.apps().get(APP).mounts()).hasSize(1);
    }

    @Test
    void anInstanceExpectedNewIsObservedFromTheListsAsItsOwnReportsWouldShowIt() {
        configuredApp();
        client.createService(ServiceKind.POSTGRES, DB);
        client.link(ServiceKind.POSTGRES, DB, APP);
        List<String> apps = List.of(APP, "mrtest-absent");
        Map<String, ServiceKind> services = new TreeMap<>(Map.of(DB, ServiceKind.POSTGRES, CACHE, ServiceKind.REDIS));
        ObservedState listed = client.observeNew(apps, services);
        assertThat(listed).isEqualTo(client.observe(apps, services));
        assertThat(listed.apps().get("mrtest-absent").exists()).isFalse();
        assertThat(listed.services().get(DB).linkedApps()).containsExactly(APP);
        assertThat(listed.services().get(CACHE).exists()).isFalse();
        client.unlink(ServiceKind.POSTGRES, DB, APP);
    }

    @Test
    void servicesLinkOnceAndRefuseDestructionWhileLinked() {
        client.createApp(APP);
        assertThat(client.observeService(ServiceKind.POSTGRES, DB).exists()).isFalse();
        client.createService(ServiceKind.POSTGRES, DB);
        client.createService(ServiceKind.REDIS, CACHE);
        assertCode(() -> client.createService(ServiceKind.POSTGRES, DB), ErrorCode.ALREADY_EXISTS);
        client.link(ServiceKind.POSTGRES, DB, APP);
        client.link(ServiceKind.REDIS, CACHE, APP);
        assertCode(() -> client.link(ServiceKind.POSTGRES, DB, APP), ErrorCode.ALREADY_EXISTS);

        ObservedState state = client.observe(List.of(APP), Map.of(DB, ServiceKind.POSTGRES, CACHE, ServiceKind.REDIS));
        assertThat(state.services().get(DB).linkedApps()).containsExactly(APP);
        assertThat(state.services().get(CACHE).linkedApps()).containsExactly(APP);
        assertThat(state.apps().get(APP).env()).containsKeys("DATABASE_URL", "REDIS_URL");
        assertThat(state.facts().hasPlugin("postgres")).isTrue();

        assertCode(() -> client.destroyService(ServiceKind.POSTGRES, DB), ErrorCode.STILL_LINKED);
        client.unlink(ServiceKind.POSTGRES, DB, APP);
        assertThat(client.observeService(ServiceKind.POSTGRES, DB).linkedApps()).isEmpty();
        assertThat(client.observeApp(APP).env()).doesNotContainKey("DATABASE_URL");
        assertCode(() -> client.unlink(ServiceKind.POSTGRES, DB, APP), ErrorCode.NOT_LINKED);
        client.destroyService(ServiceKind.POSTGRES, DB);
        assertThat(client.observeService(ServiceKind.POSTGRES, DB).exists()).isFalse();
    }

    @Test
    void databaseExportStreamsAPgDump() {
        client.createService(ServiceKind.POSTGRES, DB);
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        Executed export = client.exportDatabase(DB, dump);
        assertThat(export.command()).isEqualTo("postgres:export " + DB);
        assertThat(new String(dump.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
    }

    @Test
    void deployingTheSameImageTwiceDeploysOnce() {
        String image = System.getenv().getOrDefault("DOKKU_TEST_IMAGE", target.sandbox().isPresent()
                ? "ghcr.io/mindroom/mindroom-backend:contract" : "");
        assumeTrue(!image.isEmpty(), "set DOKKU_TEST_IMAGE to deploy on a real host");
        client.createApp(APP);
        assertThat(client.deployImage(APP, image)).isPresent();
        ObservedApp app = client.observeApp(APP);
        assertThat(app.deployed()).isTrue();
        assertThat(app.deployedImage()).contains(image);
        assertThat(app.deploySource()).isEqualTo("docker-image");
        assertThat(client.deployImage(APP, image)).isEmpty();
        client.stop(APP);
        assertThat(client.observeApp(APP).running()).isFalse();
        assertThat(client.observeApp(APP).restore()).isFalse();
        client.start(APP);
        assertThat(client.observeApp(APP).running()).isTrue();
    }

    @Test
    void aMissingPluginIsClassified() {
        assumeTrue(!client.refreshFacts().letsencrypt(), "the host has letsencrypt");
        client.createApp(APP);
        assertCode(() -> client.enableTls(APP), ErrorCode.PLUGIN_MISSING);
        assertThat(client.observeApp(APP).tls()).isEmpty();
    }
}
