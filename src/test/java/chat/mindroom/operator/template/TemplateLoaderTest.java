package chat.mindroom.operator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateLoaderTest {

    @TempDir
    Path dir;

    @Test
    void thePackagedTiersAreTheProductsFourTiers() {
        TierCatalog tiers = TemplateLoader.fromClasspath().tiers();
        assertThat(tiers.all().keySet()).containsExactly("free", "starter", "professional", "enterprise");

        Tier free = tiers.get("free");
        assertThat(free.agents()).containsExactly("assistant");
        assertThat(free.tools()).containsExactly("calculator", "file");
        assertThat(free.memoryMb()).isEqualTo(256);
        assertThat(free.cpu()).isEqualByComparingTo("0.25");
        assertThat(free.messagesPerDay()).contains(100);
        assertThat(free.customDomains()).isFalse();

        Tier starter = tiers.get("starter");
        assertThat(starter.agents()).containsExactly("assistant", "researcher", "coder");
        assertThat(starter.tools()).contains("web_search", "shell", "github");
        assertThat(starter.memoryMb()).isEqualTo(512);
        assertThat(starter.cpu()).isEqualByComparingTo("0.5");
        assertThat(starter.messagesPerDay()).contains(500);

        Tier professional = tiers.get("professional");
        assertThat(professional.agents()).hasSize(6);
        assertThat(professional.models()).containsExactly("claude-sonnet");
        assertThat(professional.tools()).containsExactlyElementsOf(
                TemplateLoader.fromClasspath().agents().tools().keySet());
        assertThat(professional.memoryMb()).isEqualTo(2048);
        assertThat(professional.cpu()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(professional.messagesPerDay()).contains(2000);

        Tier enterprise = tiers.get("enterprise");
        assertThat(enterprise.agents()).contains("orchestrator").hasSizeGreaterThan(professional.agents().size());
        assertThat(enterprise.models()).containsExactly("claude-opus", "gpt-4");
        assertThat(enterprise.memoryMb()).isEqualTo(8192);
        assertThat(enterprise.cpu()).isEqualByComparingTo("4");
        assertThat(enterprise.messagesPerDay()).isEqualTo(Optional.empty());
        assertThat(enterprise.customDomains()).isTrue();

        assertThat(free.backups()).isEqualTo(new BackupPolicy(Duration.ofDays(1), 3, 0));
        assertThat(enterprise.backups()).isEqualTo(new BackupPolicy(Duration.ofHours(1), 48, 14));
    }

    @Test
    void theDirectoryLoaderReadsTheSameFilesAsTheClasspath() throws IOException {
        copyPackaged();
        assertThat(TemplateLoader.fromDirectory(dir)).isEqualTo(TemplateLoader.fromClasspath());
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "tiers.yaml|'memoryMb: 256'|'memoryMb: lots'|tiers.free.limits.memoryMb: expected a whole number",
        "tiers.yaml|'cpu: 0.25'|'cpu: fast'|tiers.free.limits.cpu: expected a number",
        "tiers.yaml|'agents: [assistant]'|'agents: [assistant, wizard]'|tiers.free.agents[1]: unknown name 'wizard'",
        "tiers.yaml|'customDomains: false'|'customDomains: maybe'|tiers.free.customDomains: expected true or false",
        "tiers.yaml|'{every: 1d, keep: 3}'|'{every: daily, keep: 3}'|tiers.free.backups.every: expected an interval such as 1h or 1d",
        "tiers.yaml|'{every: 1d, keep: 3}'|'{every: 1d, keep: 0}'|tiers.free.backups.keep: must be at least 1",
        "tiers.yaml|'{every: 1d, keep: 3}'|'{every: 1d, keep: 3, hourly: 2}'|tiers.free.backups.hourly: unknown key",
        "tiers.yaml|'    displayName: Free'|'    displayName: Free\n    colour: blue'|tiers.free.colour: unknown key",
        "instance.yaml|'limits: tier'|'limits: generous'|apps.backend.limits: expected 'tier'",
        "instance.yaml|'MINDROOM_TIER: ${tier}'|'MINDROOM_TIER: ${tierName}'|apps.backend.env.MINDROOM_TIER: unknown placeholder ${tierName}",
        "instance.yaml|'links: [backend]'|'links: [worker]'|services[0].links[0]: unknown app 'worker'",
        "instance.yaml|'kind: redis'|'kind: mongo'|services[1].kind: must be postgres or redis",
        "instance.yaml|'    when: matrix.enabled'|'    when: tier.enterprise'|apps.matrix.when: the only supported condition",
        "mindroom-config.yaml|'tools: [shell, github, file, python]'|'tools: [shell, teleport]'|agents.coder.tools[1]: unknown tool 'teleport'",
        "mindroom-config.yaml|'model: claude-opus'|'model: gpt-9'|agents.orchestrator.model: unknown model 'gpt-9'",
        "tiers.yaml|'tiers:'|'tiers: ['|malformed YAML"
    })
    void aBrokenTemplateNamesTheFileAndTheKey(String file, String from, String to, String expected) throws IOException {
        copyPackaged();
        Path target = dir.resolve(file);
        String text = Files.readString(target);
        assertThat(text).contains(from);
        Files.writeString(target, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to.replace("\\n", "\n"))));
        assertThatThrownBy(() -> TemplateLoader.fromDirectory(dir))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(target.toString() + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        copyPackaged();
        Files.delete(dir.resolve("instance.yaml"));
        assertThatThrownBy(() -> TemplateLoader.fromDirectory(dir))
                .hasMessage(dir.resolve("instance.yaml") + ": file not found");
    }

    @Test
    void yamlThatWouldBuildJavaObjectsIsRefused() throws IOException {
        copyPackaged();
        Files.writeString(dir.resolve("tiers.yaml"), "tiers: !!javax.script.ScriptEngineManager [x]\n");
        assertThatThrownBy(() -> TemplateLoader.fromDirectory(dir))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(dir.resolve("tiers.yaml") + ": malformed YAML");
    }

    private void copyPackaged() throws IOException {
        for (String file : List.of(TemplateLoader.TIERS, TemplateLoader.INSTANCE, TemplateLoader.MINDROOM_CONFIG)) {
            try (InputStream in = TemplateLoaderTest.class.getResourceAsStream("/templates/" + file)) {
                Files.writeString(dir.resolve(file), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
