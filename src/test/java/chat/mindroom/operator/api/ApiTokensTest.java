package chat.mindroom.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.config.OperatorSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {

    @TempDir
    Path dataDir;

    private ApiTokens tokens(String configured) {
        return new ApiTokens(new OperatorSettings(dataDir.toString(), "mindroom.chat", "latest", configured, null, null, 0, 0, null, null, null));
    }

    @Test
    void configuredTokensCarryTheirScopeAndName() {
        ApiTokens tokens = tokens("ci:write:aaaaaaaaaaaaaaaaaaaa, read:bbbbbbbbbbbbbbbbbbbb");
        assertThat(tokens.authenticate("aaaaaaaaaaaaaaaaaaaa")).contains(new ApiPrincipal("ci", ApiScope.WRITE));
        assertThat(tokens.authenticate("bbbbbbbbbbbbbbbbbbbb").orElseThrow().scope()).isEqualTo(ApiScope.READ);
        assertThat(tokens.authenticate("bbbbbbbbbbbbbbbbbbbb").orElseThrow().name()).startsWith("token-");
        assertThat(tokens.authenticate("cccccccccccccccccccc")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(Files.exists(dataDir.resolve(ApiTokens.TOKEN_FILE))).isFalse();
    }

    @Test
    void theSecretsScopeIsNeitherImpliedByWriteNorImpliesIt() {
        ApiTokens tokens = tokens("platform:secrets:ssssssssssssssssssss,ci:write:wwwwwwwwwwwwwwwwwwww");
        ApiScope secrets = tokens.authenticate("ssssssssssssssssssss").orElseThrow().scope();
        ApiScope write = tokens.authenticate("wwwwwwwwwwwwwwwwwwww").orElseThrow().scope();
        assertThat(secrets).isEqualTo(ApiScope.SECRETS);
        assertThat(secrets.permits(ApiScope.SECRETS)).isTrue();
        assertThat(secrets.permits(ApiScope.READ)).isTrue();
        assertThat(secrets.permits(ApiScope.WRITE)).isFalse();
        assertThat(write.permits(ApiScope.SECRETS)).isFalse();
        assertThat(ApiScope.READ.permits(ApiScope.SECRETS)).isFalse();
    }

    @Test
    void badEntriesFailNamingTheEntry() {
        assertThatThrownBy(() -> tokens("write:aaaaaaaaaaaaaaaaaaaa,admin:bbbbbbbbbbbbbbbbbbbb"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("entry 2: scope must be read, write or secrets");
        assertThatThrownBy(() -> tokens("write:short"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("entry 1: a token must be 16");
        assertThatThrownBy(() -> tokens("justatokenwithoutscope"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("expected [name:]scope:token");
        assertThatThrownBy(() -> tokens("write:aaaaaaaaaaaaaaaaaaaa,read:aaaaaaaaaaaaaaaaaaaa"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("listed twice");
    }

    @Test
    void withoutConfigurationOneWriteTokenIsGeneratedPrivatelyAndKept() throws Exception {
        ApiTokens first = tokens(null);
        Path file = dataDir.resolve(ApiTokens.TOKEN_FILE);
        String token = Files.readString(file).trim();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.authenticate(token)).contains(new ApiPrincipal("generated", ApiScope.WRITE));

        ApiTokens restarted = tokens("");
        assertThat(Files.readString(file).trim()).isEqualTo(token);
        assertThat(restarted.authenticate(token)).isPresent();
    }

    @Test
    void writeImpliesRead() {
        assertThat(ApiScope.WRITE.permits(ApiScope.READ)).isTrue();
        assertThat(ApiScope.READ.permits(ApiScope.WRITE)).isFalse();
        assertThat(ApiScope.READ.permits(ApiScope.READ)).isTrue();
    }
}
