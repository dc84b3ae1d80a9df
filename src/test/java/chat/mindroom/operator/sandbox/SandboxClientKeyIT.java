package chat.mindroom.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.mindroom.operator.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's client key is what {@code ssh-keygen} makes by default (Ed25519, OpenSSH format,
 * owner-only), it survives restarts, and OpenSSH's own {@code ssh} logs in with it, as the README's
 * walkthrough does.
 */
class SandboxClientKeyIT {

    @TempDir
    Path dir;

    @Test
    void theClientKeyIsAnOwnerOnlyEd25519KeyKeptAcrossRestarts() throws Exception {
        String first;
        try (SandboxServer sandbox = SandboxServer.start(dir, 0, LatencyProfile.NONE, true)) {
            Path key = sandbox.clientKey();
            assertThat(Files.readString(key)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            first = TestKeys.identity(key);
            assertThat(first).startsWith("ssh-ed25519 SHA256:");
        }
        try (SandboxServer again = SandboxServer.start(dir, 0, LatencyProfile.NONE, true)) {
            assertThat(TestKeys.identity(again.clientKey())).isEqualTo(first);
        }
    }

    @Test
    void opensshLogsInWithTheClientKey() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(dir, 0, LatencyProfile.NONE, true)) {
            List<String> command = List.of("ssh", "-F", "/dev/null", "-i", sandbox.clientKey().toString(),
                    "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                    "-o", "UserKnownHostsFile=" + sandbox.knownHosts(), "-o", "GlobalKnownHostsFile=/dev/null",
                    "-p", String.valueOf(sandbox.port()), "dokku@127.0.0.1", "version");
            Process ssh;
            try {
                ssh = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException noSsh) {
                assumeTrue(false, "no OpenSSH client on this machine");
                return;
            }
            ssh.getOutputStream().close();
            assertThat(ssh.waitFor(60, TimeUnit.SECONDS)).as("ssh finished").isTrue();
            String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ssh.exitValue()).as(output).isZero();
            assertThat(output).startsWith("dokku version v0.38.27");
            assertThat(sandbox.clientKeys()).contains(TestKeys.identity(sandbox.clientKey()));
        }
    }
}
