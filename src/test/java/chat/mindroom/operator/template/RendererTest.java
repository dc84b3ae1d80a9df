package chat.mindroom.operator.template;

import chat.mindroom.operator.spec.ServiceKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.LimitOverrides;
import chat.mindroom.operator.spec.MatrixServer;
import chat.mindroom.operator.spec.MatrixSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RendererTest {

    private static final Templates TEMPLATES = TemplateLoader.fromClasspath();
    private static final Renderer RENDERER = new Renderer(TEMPLATES, new RenderSettings("mindroom.chat", "v1.2.3"));
    private static final InstanceName ACME = new InstanceName("acme");

    private static InstanceSpec spec(String tier, MatrixSpec matrix, LimitOverrides limits, List<String> domains) {
        return new InstanceSpec(tier, Optional.of("acc_456"), limits, matrix, domains, Optional.empty(), false, true);
    }

    private static String env(DesiredApp app, String key) {
        EnvValue value = app.env().get(key);
        return value == null ? null : value.display();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "free,         256m,  0.25, 100,       assistant",
        "starter,      512m,  0.5,  500,       'assistant,researcher,coder'",
        "professional, 2048m, 1,    2000,      'assistant,researcher,coder,analyst,writer,planner'",
        "enterprise,   8192m, 4,    unlimited, 'assistant,researcher,coder,analyst,writer,planner,orchestrator'"
    })
    void everyTierRendersItsLimitsAgentsAndTopology(String tier, String memory, String cpu, String messages,
                                                    String agents) {
        DesiredState state = RENDERER.render(ACME, spec(tier, MatrixSpec.DISABLED, LimitOverrides.NONE, List.of()));

        assertThat(state.apps().keySet()).containsExactly("mr-acme-backend", "mr-acme-frontend");
        assertThat(state.services().keySet()).containsExactly("mr-acme-db", "mr-acme-redis");
        assertThat(state.services().get("mr-acme-db").kind()).isEqualTo(ServiceKind.POSTGRES);
        assertThat(state.services().get("mr-acme-db").linkedApps()).containsExactly("mr-acme-backend");
        assertThat(state.services().get("mr-acme-redis").linkedApps()).containsExactly("mr-acme-backend");
        assertThat(state.storage()).contains("mr-acme");

        DesiredApp backend = state.apps().get("mr-acme-backend");
        assertThat(backend.limits().dokkuMemory()).isEqualTo(memory);
        assertThat(backend.limits().dokkuCpu()).isEqualTo(cpu);
        assertThat(backend.image()).isEqualTo("ghcr.io/mindroom/mindroom-backend:v1.2.3");
        assertThat(backend.domains()).containsExactly("api.acme.mindroom.chat");
        assertThat(backend.mounts()).containsExactly(new Mount("/var/lib/dokku/data/storage/mr-acme", "/app/data"));
        assertThat(env(backend, "MINDROOM_TIER")).isEqualTo(tier);
        assertThat(env(backend, "MINDROOM_AGENTS")).isEqualTo(agents);
        assertThat(env(backend, "MINDROOM_MESSAGES_PER_DAY")).isEqualTo(messages);
        assertThat(env(backend, "MINDROOM_ACCOUNT")).isEqualTo("acc_456");
        assertThat(env(backend, "MINDROOM_BASE_URL")).isEqualTo("https://acme.mindroom.chat");

        Map<String, Object> config = asMap(YamlDocument.parse(env(backend, "MINDROOM_CONFIG")));
        assertThat(asMap(config.get("agents")).keySet()).containsExactly(agents.split(","));
        assertThat(config.get("tier")).isEqualTo(tier);

        DesiredApp frontend = state.apps().get("mr-acme-frontend");
        assertThat(frontend.domains()).containsExactly("acme.mindroom.chat");
        assertThat(frontend.limits().dokkuMemory()).isEqualTo("128m");
        assertThat(env(frontend, "MINDROOM_API_URL")).isEqualTo("https://api.acme.mindroom.chat");
    }

    @Test
    void agentsKeepOnlyTheToolsAndModelsOfTheirTier() {
        DesiredApp free = RENDERER.render(ACME, spec("free", MatrixSpec.DISABLED, LimitOverrides.NONE, List.of()))
                .apps().get("mr-acme-backend");
        Map<String, Object> config = asMap(YamlDocument.parse(env(free, "MINDROOM_CONFIG")));
        Map<String, Object> assistant = asMap(asMap(config.get("agents")).get("assistant"));
        assertThat(assistant.get("tools")).isEqualTo(List.of("calculator", "file"));
        assertThat(assistant.get("model")).isEqualTo("claude-haiku");
        assertThat(asMap(config.get("tools")).keySet()).containsExactly("calculator", "file");

        DesiredApp enterprise = RENDERER.render(ACME, spec("enterprise", MatrixSpec.DISABLED, LimitOverrides.NONE,
                List.of())).apps().get("mr-acme-backend");
        Map<String, Object> big = asMap(YamlDocument.parse(env(enterprise, "MINDROOM_CONFIG")));
        assertThat(asMap(asMap(big.get("agents")).get("orchestrator")).get("model")).isEqualTo("claude-opus");
        assertThat(asMap(big.get("models")).keySet()).containsExactly("claude-opus", "gpt-4");
        assertThat(asMap(big.get("limits")).get("messagesPerDay")).isEqualTo("unlimited");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tuwunel", "synapse"})
    void matrixOnAddsTheHomeserverApp(String server) {
        MatrixSpec matrix = new MatrixSpec(true, MatrixServer.fromKey(server).orElseThrow());
        DesiredState state = RENDERER.render(ACME, spec("starter", matrix, LimitOverrides.NONE, List.of()));
        assertThat(state.apps().keySet()).containsExactly("mr-acme-backend", "mr-acme-frontend", "mr-acme-matrix");
        DesiredApp app = state.apps().get("mr-acme-matrix");
        assertThat(app.image()).isEqualTo(TEMPLATES.topology().matrixImages().get(matrix.server()));
        assertThat(app.domains()).containsExactly("matrix.acme.mindroom.chat");
        assertThat(app.mounts()).extracting(Mount::containerPath).containsExactly("/data");
        assertThat(app.limits().dokkuMemory()).isEqualTo(server.equals("synapse") ? "1024m" : "256m");
        assertThat(app.env().get("MATRIX_REGISTRATION_SHARED_SECRET"))
                .isEqualTo(new EnvValue.Secret("matrixRegistrationSecret"));
        DesiredApp backend = state.apps().get("mr-acme-backend");
        assertThat(env(backend, "MATRIX_ENABLED")).isEqualTo("true");
        assertThat(env(backend, "MATRIX_HOMESERVER_URL")).isEqualTo("https://matrix.acme.mindroom.chat");
    }

    @Test
    void matrixOffHasNoHomeserverAppAndNoHomeserverUrl() {
        DesiredState state = RENDERER.render(ACME, spec("starter", new MatrixSpec(false, MatrixServer.SYNAPSE),
                LimitOverrides.NONE, List.of()));
        assertThat(state.apps()).doesNotContainKey("mr-acme-matrix");
        DesiredApp backend = state.apps().get("mr-acme-backend");
        assertThat(env(backend, "MATRIX_ENABLED")).isEqualTo("false");
        assertThat(backend.env()).doesNotContainKey("MATRIX_HOMESERVER_URL");
    }

    @Test
    void limitOverridesReplaceTheTierFieldByField() {
        DesiredState memoryOnly = RENDERER.render(ACME, spec("professional", MatrixSpec.DISABLED,
                new LimitOverrides(Optional.of(3072), Optional.empty()), List.of()));
        ResourceLimits limits = memoryOnly.apps().get("mr-acme-backend").limits();
        assertThat(limits.dokkuMemory()).isEqualTo("3072m");
        assertThat(limits.dokkuCpu()).isEqualTo("1");

        DesiredState cpuOnly = RENDERER.render(ACME, spec("free", MatrixSpec.DISABLED,
                new LimitOverrides(Optional.empty(), Optional.of(new BigDecimal("1.50"))), List.of()));
        ResourceLimits cpu = cpuOnly.apps().get("mr-acme-backend").limits();
        assertThat(cpu.dokkuMemory()).isEqualTo("256m");
        assertThat(cpu.dokkuCpu()).isEqualTo("1.5");
        // Overrides apply to the tier-limited app only.
        assertThat(cpuOnly.apps().get("mr-acme-frontend").limits().dokkuCpu()).isEqualTo("0.1");
    }

    @Test
    void customDomainsGoToTheFrontendSortedAndLowerCased() {
        DesiredState state = RENDERER.render(ACME, spec("enterprise", MatrixSpec.DISABLED, LimitOverrides.NONE,
                List.of("WWW.Acme.com", "chat.acme.com")));
        assertThat(state.apps().get("mr-acme-frontend").domains())
                .containsExactly("acme.mindroom.chat", "chat.acme.com", "www.acme.com");
        assertThat(state.apps().get("mr-acme-backend").domains()).containsExactly("api.acme.mindroom.chat");
    }

    @Test
    void everyAppCarriesTheOwnershipMarkersAndSecretsStayReferences() {
        DesiredState state = RENDERER.render(ACME, spec("enterprise", new MatrixSpec(true, MatrixServer.TUWUNEL),
                LimitOverrides.NONE, List.of()));
        for (DesiredApp app : state.apps().values()) {
            assertThat(env(app, Renderer.MANAGED_BY_KEY)).isEqualTo("mindroom-operator");
            assertThat(env(app, Renderer.INSTANCE_KEY)).isEqualTo("acme");
        }
        DesiredApp backend = state.apps().get("mr-acme-backend");
        assertThat(backend.env().get("MINDROOM_ADMIN_PASSWORD")).isEqualTo(new EnvValue.Secret("adminPassword"));
        assertThat(state.toYaml()).contains("<secret:adminPassword>");
    }

    @Test
    void aPinnedReleaseWinsOverTheOperatorRelease() {
        InstanceSpec pinned = new InstanceSpec("free", Optional.empty(), LimitOverrides.NONE, MatrixSpec.DISABLED,
                List.of(), Optional.of("v0.9.0"), false, true);
        DesiredState state = RENDERER.render(ACME, pinned);
        assertThat(state.apps().get("mr-acme-backend").image()).endsWith(":v0.9.0");
        assertThat(state.apps().get("mr-acme-frontend").image()).endsWith(":v0.9.0");
        assertThat(state.apps().get("mr-acme-backend").env()).doesNotContainKey("MINDROOM_ACCOUNT");
    }

    @Test
    void renderingIsDeterministicToTheByte() {
        InstanceSpec a = spec("enterprise", new MatrixSpec(true, MatrixServer.SYNAPSE),
                new LimitOverrides(Optional.of(4096), Optional.of(new BigDecimal("2.0"))),
                List.of("b.example.com", "a.example.com"));
        InstanceSpec b = spec("enterprise", new MatrixSpec(true, MatrixServer.SYNAPSE),
                new LimitOverrides(Optional.of(4096), Optional.of(new BigDecimal("2"))),
                List.of("a.example.com", "B.example.com"));
        DesiredState first = RENDERER.render(ACME, a);
        DesiredState second = new Renderer(TemplateLoader.fromClasspath(), new RenderSettings("mindroom.chat", "v1.2.3"))
                .render(ACME, b);
        assertThat(second).isEqualTo(first);
        assertThat(second.toYaml()).isEqualTo(first.toYaml());
        assertThat(RENDERER.render(ACME, a).toYaml()).isEqualTo(first.toYaml());
        // A different input gives a different output.
        assertThat(RENDERER.render(new InstanceName("acme2"), a).toYaml()).isNotEqualTo(first.toYaml());
    }

    @Test
    void aTombstonedInstanceRendersToNothing() {
        DesiredState nothing = DesiredState.nothing(ACME);
        assertThat(nothing.apps()).isEmpty();
        assertThat(nothing.services()).isEmpty();
        assertThat(nothing.storage()).isEmpty();
    }

    @Test
    void aTierMissingFromTheCatalogIsARenderError() {
        assertThatThrownBy(() -> RENDERER.render(ACME, InstanceSpec.ofTier("platinum")))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("platinum");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
