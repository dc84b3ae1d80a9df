package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.ssh.SshTransport;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile values through the real client, SSH and the sandbox's model of Dokku's argument parsing:
 * each one is either stored exactly (read back through config:export) or refused with a clear
 * error before anything is sent. None is ever mis-parsed into another argument or app.
 */
class HostileValuesIT {

    private static final String APP = "mrtest-hostile";

    @TempDir
    static Path dir;

    private static SandboxServer sandbox;
    private static DokkuClient client;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(dir, 0, LatencyProfile.NONE, true);
        DokkuHost host = sandbox.host("sandbox", 10);
        client = new RemoteDokkuClient(host.name(), new SshTransport(host));
        client.createApp(APP);
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    static Stream<Arguments> configValues() {
        return Stream.of(
                Arguments.of("single quotes", "it's 'quoted'"),
                Arguments.of("double quotes", "say \"hi\""),
                Arguments.of("spaces", "  several   spaces  "),
                Arguments.of("command substitution", "$(rm -rf /)"),
                Arguments.of("semicolon", "a; reboot"),
                Arguments.of("backticks", "`id`"),
                Arguments.of("newlines", "line one\nline two\r\nthree"),
                Arguments.of("echo option", "-n"),
                Arguments.of("echo option e", "-e"),
                Arguments.of("flag words", "--app evil --force"),
                Arguments.of("help", "--help"),
                Arguments.of("unicode", "ünïcødé ✓ 日本語 🚀"),
                Arguments.of("backslashes", "C:\\path\\to\\n"),
                Arguments.of("glob", "* ? [a-z]"),
                Arguments.of("empty", ""),
                Arguments.of("leading zeros are not numbers here", "007x"),
                Arguments.of("50 KB", "x".repeat(50 * 1024)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configValues")
    void configValuesAreStoredExactly(String reason, String value) {
        client.setConfig(APP, new TreeMap<>(Map.of("HOSTILE", value)), Set.of());
        assertThat(client.observeApp(APP).env().get("HOSTILE")).as(reason).isEqualTo(value);
        assertThat(sandbox.state().appNames()).as("no app appears from a mis-parse").containsExactly(APP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configValues")
    void configKeysNeverChangeOtherKeys(String reason, String value) {
        client.setConfig(APP, new TreeMap<>(Map.of("GUARD", "intact", "HOSTILE", value)), Set.of());
        assertThat(client.observeApp(APP).env()).containsEntry("GUARD", "intact").containsEntry("HOSTILE", value);
    }

    @org.junit.jupiter.api.Test
    void valuesTooLargeForOneCommandAreRefusedClearly() {
        String big = "x".repeat(100 * 1024);
        assertThatThrownBy(() -> client.setConfig(APP, new TreeMap<>(Map.of("BIG", big)), Set.of()))
                .isInstanceOf(OperatorException.class)
                .satisfies(e -> assertThat(((OperatorException) e).code()).isEqualTo(ErrorCode.UNSAFE_ARGUMENT))
                .hasMessageContaining("at most");
        assertThat(client.observeApp(APP).env()).doesNotContainKey("BIG");
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("$(reboot)"), Arguments.of("a b"), Arguments.of("--app"), Arguments.of("-n"),
                Arguments.of("x\ny"), Arguments.of("mrtest-x --force"), Arguments.of("--help"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void hostileNamesAndDomainsAreRefusedOrRejectedByDokkuNeverMisparsed(String value) {
        long before = sandbox.state().writeCount();
        for (Runnable attempt : List.<Runnable>of(
                () -> client.createApp(value),
                () -> client.setDomains(APP, List.of(value)),
                () -> client.setConfig(APP, new TreeMap<>(Map.of(value, "v")), Set.of()))) {
            assertThatThrownBy(attempt::run).isInstanceOf(OperatorException.class);
        }
        assertThat(sandbox.state().appNames()).containsExactly(APP);
        assertThat(client.observeApp(APP).domains()).doesNotContain(value);
        assertThat(sandbox.state().writeCount() - before).as("writes that reached Dokku").isLessThanOrEqualTo(2);
    }
}
