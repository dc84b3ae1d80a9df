package chat.mindroom.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.SpecReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits, log level and configuration overrides of a spec, as the apps receive them. */
class RenderedOverridesTest {

    private static final Templates TEMPLATES = TemplateLoader.fromClasspath();
    private static final Renderer RENDERER = new Renderer(TEMPLATES, new RenderSettings("mindroom.chat", "v1"));
    private static final SpecReader READER = new SpecReader(TEMPLATES.tiers(), "mindroom.chat");

    private static DesiredState render(String json) {
        InstanceSpec spec = READER.read(JsonDocument.parse(json)).spec().orElseThrow();
        return RENDERER.render(new InstanceName("acme"), spec);
    }

    private static String env(DesiredState state, String app, String key) {
        EnvValue value = state.apps().get(app).env().get(key);
        return value == null ? null : value.display();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(DesiredState state) {
        return (Map<String, Object>) YamlDocument.parse(env(state, "mr-acme-backend", "MINDROOM_CONFIG"));
    }

    @Test
    void theTierDefaultsReachTheBackend() {
        DesiredState state = render("{\"tier\":\"starter\"}");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_MESSAGES_PER_DAY")).isEqualTo("500");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_MAX_AGENTS")).isEqualTo("5");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_STORAGE_LIMIT_GB")).isEqualTo("5");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_LOG_LEVEL")).isEqualTo("info");
        assertThat(env(state, "mr-acme-frontend", "MINDROOM_LOG_LEVEL")).isEqualTo("info");
        assertThat(config(state).get("limits")).isEqualTo(Map.of("messagesPerDay", 500, "agents", 5, "storageGb", 5));
    }

    @Test
    void overriddenLimitsAndLogLevelReachEnvironmentAndConfiguration() {
        DesiredState state = render("{\"tier\":\"starter\",\"logLevel\":\"warning\","
                + "\"limits\":{\"agents\":9,\"messagesPerDay\":\"unlimited\",\"storageGb\":40}}");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_MESSAGES_PER_DAY")).isEqualTo("unlimited");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_MAX_AGENTS")).isEqualTo("9");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_STORAGE_LIMIT_GB")).isEqualTo("40");
        assertThat(env(state, "mr-acme-backend", "MINDROOM_LOG_LEVEL")).isEqualTo("warning");
        assertThat(env(state, "mr-acme-frontend", "MINDROOM_LOG_LEVEL")).isEqualTo("warning");
        assertThat(config(state).get("limits"))
                .isEqualTo(Map.of("messagesPerDay", "unlimited", "agents", 9, "storageGb", 40));
    }

    @Test
    @SuppressWarnings("unchecked")
    void overridesAreMergedIntoTheTierConfiguration() {
        DesiredState state = render("""
                {"tier":"starter","configOverrides":{
                  "agents":{"assistant":{"role":"Answers in French"},"coder":null,
                            "support":{"displayName":"Support","role":"Answers tickets","tools":["file"]}},
                  "defaults":{"timezone":"Europe/Paris","memory":null}}}""");
        Map<String, Object> config = config(state);
        Map<String, Object> agents = (Map<String, Object>) config.get("agents");
        assertThat(agents.keySet()).containsExactly("assistant", "researcher", "support");
        Map<String, Object> assistant = (Map<String, Object>) agents.get("assistant");
        assertThat(assistant).containsEntry("role", "Answers in French").containsEntry("displayName", "Assistant")
                .containsEntry("tools", List.of("calculator", "file", "web_search"));
        assertThat(config.get("defaults")).isEqualTo(Map.of("timezone", "Europe/Paris"));
        assertThat(config).containsEntry("tier", "starter");
    }

    @Test
    void theSameOverridesRenderTheSameBytes() {
        String json = "{\"tier\":\"free\",\"configOverrides\":{\"defaults\":{\"b\":1,\"a\":[1,2]}}}";
        assertThat(render(json).toYaml()).isEqualTo(render(json).toYaml());
    }
}
