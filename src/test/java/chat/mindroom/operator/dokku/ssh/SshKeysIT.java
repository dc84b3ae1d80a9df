package chat.mindroom.operator.dokku.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.mindroom.operator.dokku.CommandResult;
import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.TestKeys;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of key a user may hold (Ed25519, ECDSA, RSA; OpenSSH and PEM formats; with and without
 * a passphrase) logs in to the sandbox through the production {@link SshTransport}, over real SSH,
 * and the server sees exactly that key.
 */
class SshKeysIT {

    @TempDir
    static Path dir;

    private static SandboxServer sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(dir.resolve("sandbox"), 0, LatencyProfile.NONE, true);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** Logs in with {@code key} and checks that the sandbox was offered that key and nothing else. */
    private static void logsIn(Path key, boolean locked) {
        int before = sandbox.clientKeys().size();
        DokkuHost host = new DokkuHost("key-test", "127.0.0.1", sandbox.port(), "dokku", Optional.of(key),
                Optional.of(sandbox.knownHosts()), 1, DokkuHost.Transport.SSH, 2,
                locked ? Optional.of(TestKeys.passphraseFile()) : Optional.empty());
        try (SshTransport transport = new SshTransport(host)) {
            CommandResult version = transport.run(DokkuCommand.of("version").build(), Duration.ofSeconds(30));
            assertThat(version.exitCode()).isZero();
            assertThat(version.stdoutText()).startsWith("dokku version v0.38.27");
        }
        List<String> offered = sandbox.clientKeys().subList(before, sandbox.clientKeys().size());
        assertThat(offered).isNotEmpty().containsOnly(TestKeys.identity(key));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ed25519-openssh", "ed25519-openssh-passphrase",
        "ecdsa-p256-openssh", "ecdsa-p521-openssh", "ecdsa-p256-pem", "ecdsa-p256-pem-passphrase",
        "ecdsa-p384-pkcs8", "ecdsa-p256-pkcs8-passphrase",
        "rsa-3072-openssh", "rsa-2048-openssh-passphrase", "rsa-2048-pem", "rsa-2048-pem-passphrase",
        "rsa-2048-pkcs8",
    })
    void keysMadeBySshKeygenLogIn(String name) {
        logsIn(TestKeys.committed(name), name.endsWith("-passphrase"));
    }

    static Stream<Arguments> jschKeys() {
        return Stream.of(
                Arguments.of("ed25519 OpenSSH", KeyPair.ED25519, 0, true, false),
                Arguments.of("ed25519 OpenSSH with passphrase", KeyPair.ED25519, 0, true, true),
                Arguments.of("ecdsa-256 OpenSSH", KeyPair.ECDSA, 256, true, false),
                Arguments.of("ecdsa-384 PEM", KeyPair.ECDSA, 384, false, false),
                Arguments.of("ecdsa-256 PEM with passphrase", KeyPair.ECDSA, 256, false, true),
                Arguments.of("rsa-3072 OpenSSH", KeyPair.RSA, 3072, true, false),
                Arguments.of("rsa-2048 PEM", KeyPair.RSA, 2048, false, false),
                Arguments.of("rsa-2048 OpenSSH with passphrase", KeyPair.RSA, 2048, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jschKeys")
    void keysMadeByJschLogIn(String label, int type, int bits, boolean openssh, boolean locked) {
        Path key = TestKeys.generate(dir.resolve(label.replace(' ', '_')), type, bits, openssh,
                locked ? TestKeys.PASSPHRASE : null);
        logsIn(key, locked);
    }

    /** Whatever this machine's ssh-keygen writes today (skipped where there is none, e.g. a bare CI). */
    @ParameterizedTest(name = "ssh-keygen -t {0}")
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void keysFromThisMachinesSshKeygenLogIn(String type) throws Exception {
        Path key = dir.resolve("keygen-" + type);
        Process keygen;
        try {
            keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test-only", "-f",
                    key.toString()).redirectErrorStream(true).start();
        } catch (IOException noSshKeygen) {
            assumeTrue(false, "no ssh-keygen on this machine");
            return;
        }
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).as(new String(keygen.getInputStream().readAllBytes())).isZero();
        logsIn(key, false);
    }

    @Test
    void theSandboxHandsOutAnEd25519KeyThatLogsIn() {
        assertThat(TestKeys.identity(sandbox.clientKey())).startsWith("ssh-ed25519 SHA256:");
        logsIn(sandbox.clientKey(), false);
    }
}
