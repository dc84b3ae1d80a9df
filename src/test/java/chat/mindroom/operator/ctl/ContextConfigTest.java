package chat.mindroom.operator.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextConfigTest {

    private static final String CONFIG = """
            current-context: staging
            contexts:
              - name: prod
                server: https://operator.example.com/
                token: prod-token
              - name: staging
                server: http://staging:8080
                token: staging-token
              - name: tokenless
                server: http://local:8080
            """;

    @TempDir
    Path dir;

    private Map<String, String> env(String... extra) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), CONFIG);
        Map<String, String> env = new HashMap<>(Map.of("MINDROOM_CONFIG", file.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void theCurrentContextByDefault() throws IOException {
        ContextConfig.Target target = ContextConfig.resolve(Optional.empty(), env());
        assertThat(target).isEqualTo(new ContextConfig.Target("staging", "http://staging:8080",
                Optional.of("staging-token")));
    }

    @Test
    void contextFlagPicksAnotherAndTrailingSlashesGo() throws IOException {
        ContextConfig.Target target = ContextConfig.resolve(Optional.of("prod"), env());
        assertThat(target.server()).isEqualTo("https://operator.example.com");
        assertThat(target.token()).contains("prod-token");
        assertThat(ContextConfig.resolve(Optional.of("tokenless"), env()).token()).isEmpty();
    }

    @Test
    void environmentOverridesEachFieldOnItsOwn() throws IOException {
        ContextConfig.Target token = ContextConfig.resolve(Optional.of("prod"), env("MINDROOM_TOKEN", "env-token"));
        assertThat(token.server()).isEqualTo("https://operator.example.com");
        assertThat(token.token()).contains("env-token");
        ContextConfig.Target server = ContextConfig.resolve(Optional.empty(), env("MINDROOM_SERVER", "http://x:1"));
        assertThat(server.server()).isEqualTo("http://x:1");
        assertThat(server.token()).contains("staging-token");
    }

    @Test
    void environmentAloneWithoutAnyFile() {
        Map<String, String> env = Map.of("MINDROOM_CONFIG", dir.resolve("absent.yaml").toString(),
                "MINDROOM_SERVER", "http://only-env:9", "MINDROOM_TOKEN", "t");
        assertThat(ContextConfig.resolve(Optional.empty(), env))
                .isEqualTo(new ContextConfig.Target("(environment)", "http://only-env:9", Optional.of("t")));
    }

    @Test
    void unknownContextOrNoServerIsAUsageError() throws IOException {
        assertThatThrownBy(() -> ContextConfig.resolve(Optional.of("qa"), env()))
                .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("no context 'qa'");
        Map<String, String> nothing = Map.of("MINDROOM_CONFIG", dir.resolve("absent.yaml").toString());
        assertThatThrownBy(() -> ContextConfig.resolve(Optional.empty(), nothing))
                .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("MINDROOM_SERVER");
    }

    @Test
    void defaultFileIsUnderHome() {
        assertThat(ContextConfig.configFile(Map.of("HOME", "/home/ops")))
                .isEqualTo(Path.of("/home/ops/.config/mindroom/config.yaml"));
    }

    @Test
    void malformedFileIsAUsageErrorNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "contexts: [\n");
        assertThatThrownBy(() -> ContextConfig.resolve(Optional.empty(), Map.of("MINDROOM_CONFIG", file.toString())))
                .isInstanceOfSatisfying(CommandFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("bad.yaml");
    }
}
