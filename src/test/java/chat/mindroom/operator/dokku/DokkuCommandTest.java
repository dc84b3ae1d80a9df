package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DokkuCommandTest {

    @Test
    void safeArgumentsGoBareAndFlagsStayFlags() {
        DokkuCommand command = DokkuCommand.of("resource:limit").flag("--memory").arg("512m").flag("--cpu").arg("0.5")
                .arg("mr-acme-backend").build();
        assertThat(command.encoded()).isEqualTo("resource:limit --memory 512m --cpu 0.5 mr-acme-backend");
        assertThat(command.argv()).containsExactly("resource:limit", "--memory", "512m", "--cpu", "0.5", "mr-acme-backend");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> quoted() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("hello world", "'hello world'"),
                org.junit.jupiter.params.provider.Arguments.of("it's", "'it'\"'\"'s'"),
                org.junit.jupiter.params.provider.Arguments.of("$(reboot)", "'$(reboot)'"),
                org.junit.jupiter.params.provider.Arguments.of("a;b", "'a;b'"),
                org.junit.jupiter.params.provider.Arguments.of("`id`", "'`id`'"),
                org.junit.jupiter.params.provider.Arguments.of("\"q\"", "'\"q\"'"),
                org.junit.jupiter.params.provider.Arguments.of("émoji ✓", "'émoji ✓'"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("quoted")
    void otherArgumentsAreSingleQuotedForXargs(String value, String encoded) {
        assertThat(DokkuCommand.of("config:get").arg("app").arg(value).build().encoded())
                .isEqualTo("config:get app " + encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\0b", "-n", "-e", "-E", "-neE", "--help", "--version", "-x",
        "--app evil", "x --force", "value --no-restart", "a\t--quiet", "--trace"})
    void refusesWhatDokkuWouldMisread(String value) {
        assertThatThrownBy(() -> DokkuCommand.of("config:get").arg("app").arg(value).build())
                .isInstanceOf(OperatorException.class)
                .satisfies(e -> assertThat(((OperatorException) e).code()).isEqualTo(ErrorCode.UNSAFE_ARGUMENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-e", "-n", "--c", "-cc", "c", "-C", "-"})
    void oneLetterOptionsForDokkuRunExceptWhatEchoWouldEat(String option) {
        assertThatThrownBy(() -> DokkuCommand.of("run").arg("app").arg("sh").option(option).build())
                .isInstanceOf(OperatorException.class)
                .satisfies(e -> assertThat(((OperatorException) e).code()).isEqualTo(ErrorCode.UNSAFE_ARGUMENT));
    }

    @Test
    void aShellScriptForDokkuRunIsQuotedForDokkusReparse() {
        assertThat(DokkuCommand.of("run").arg("app").arg("sh").option("-c").arg("printf %s \"$1\" | base64 -d")
                .arg("/data/f").build().encoded())
                .isEqualTo("run app sh -c 'printf %s \"$1\" | base64 -d' /data/f");
    }

    @Test
    void gitCommandsTakeOnlyBareArguments() {
        assertThat(DokkuCommand.of("git:from-image").arg("mr-a-backend").arg("ghcr.io/x/y@sha256:abc").build().encoded())
                .isEqualTo("git:from-image mr-a-backend ghcr.io/x/y@sha256:abc");
        assertThatThrownBy(() -> DokkuCommand.of("git:from-image").arg("app").arg("image name").build())
                .hasMessageContaining("git commands take only");
    }

    @Test
    void secretsAreRedactedKeyKept() {
        DokkuCommand command = DokkuCommand.of("config:set").flag("--encoded").flag("--no-restart").arg("app")
                .secretArg("PASSWORD=c2VjcmV0").arg("PLAIN=eA==").build();
        assertThat(command.redacted()).isEqualTo("config:set --encoded --no-restart app PASSWORD=<redacted> PLAIN=eA==");
        assertThat(command.toString()).doesNotContain("c2VjcmV0");
        assertThat(command.encoded()).contains("PASSWORD=c2VjcmV0");
    }

    @Test
    void refusalsOfSecretsDoNotEchoTheSecret() {
        assertThatThrownBy(() -> DokkuCommand.of("config:set").arg("app").secretArg("hunter2\n").build())
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void commandsOverTheSizeLimitAreRefused() {
        assertThatThrownBy(() -> DokkuCommand.of("config:set").arg("app").arg("K=" + "A".repeat(DokkuCommand.MAX_LENGTH))
                .build()).hasMessageContaining("at most " + DokkuCommand.MAX_LENGTH);
    }

    @Test
    void commandNamesAndFlagsAreChecked() {
        assertThatThrownBy(() -> DokkuCommand.of("apps:create; reboot")).isInstanceOf(OperatorException.class);
        assertThatThrownBy(() -> DokkuCommand.of("apps:list").flag("--help")).isInstanceOf(OperatorException.class);
        assertThatThrownBy(() -> DokkuCommand.of("apps:list").flag("-n")).isInstanceOf(OperatorException.class);
    }
}
