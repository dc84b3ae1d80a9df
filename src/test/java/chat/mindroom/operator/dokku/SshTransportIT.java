package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.ssh.SshTransport;
import chat.mindroom.operator.sandbox.Fault;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshTransportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private SandboxServer sandbox;
    private SshTransport transport;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(dir.resolve("sandbox"), 0, LatencyProfile.NONE, true);
        transport = new SshTransport(sandbox.host("sandbox", 100));
    }

    @AfterEach
    void stop() {
        transport.close();
        sandbox.close();
    }

    private static DokkuCommand command(String name, String... args) {
        DokkuCommand.Builder builder = DokkuCommand.of(name);
        for (String arg : args) {
            if (arg.startsWith("--")) {
                builder.flag(arg);
            } else {
                builder.arg(arg);
            }
        }
        return builder.build();
    }

    @Test
    void runsCommandsKeepingStdoutStderrAndExitApart() {
        CommandResult version = transport.run(command("version"), TIMEOUT);
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdoutText()).matches("dokku version v?\\d+\\.\\d+\\.\\d+.*\\n");
        assertThat(version.stderr()).isEmpty();

        CommandResult missing = transport.run(command("apps:report", "mr-none", "--format", "json"), TIMEOUT);
        assertThat(missing.exitCode()).isEqualTo(20);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).isEqualTo(" !     App mr-none does not exist\n");
    }

    @Test
    void streamsBinaryStdoutByteForByte() {
        assertThat(transport.run(command("postgres:create", "mr-bin-db"), TIMEOUT).exitCode()).isZero();
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        CommandResult result = transport.stream(command("postgres:export", "mr-bin-db"), TIMEOUT, dump);
        assertThat(result.exitCode()).isZero();
        byte[] bytes = dump.toByteArray();
        assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        for (int b = 0; b < 256; b++) {
            assertThat(bytes[5 + b] & 0xff).isEqualTo(b);
        }
        assertThat(bytes).hasSize(5 + 64 * (256 + "mr-bin-db".length()));
    }

    @Test
    void anUnknownHostKeyIsRefusedNamingTheHostAndFingerprint() throws Exception {
        try (SandboxServer other = SandboxServer.start(dir.resolve("other"), 0, LatencyProfile.NONE, true)) {
            // Our known_hosts, but the other sandbox's port: its key is not the one we trust.
            Path knownHosts = dir.resolve("known_hosts_other");
            Files.writeString(knownHosts, Files.readString(sandbox.knownHosts())
                    .replace(":" + sandbox.port() + " ", ":" + other.port() + " "));
            DokkuHost host = new DokkuHost("edge-1", "127.0.0.1", other.port(), "dokku", Optional.of(sandbox.clientKey()),
                    Optional.of(knownHosts), 10, DokkuHost.Transport.SSH, 6);
            try (SshTransport changed = new SshTransport(host)) {
                assertThatThrownBy(() -> changed.run(command("version"), TIMEOUT))
                        .isInstanceOf(OperatorException.class)
                        .satisfies(e -> assertThat(((OperatorException) e).code()).isEqualTo(ErrorCode.HOST_KEY_REJECTED))
                        .hasMessageContaining("edge-1")
                        .hasMessageContaining("CHANGED host key")
                        .hasMessageMatching("(?s).*SHA256:[A-Za-z0-9+/=]+.*");
            }
            Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
            DokkuHost unknown = new DokkuHost("edge-2", "127.0.0.1", other.port(), "dokku",
                    Optional.of(sandbox.clientKey()), Optional.of(empty), 10, DokkuHost.Transport.SSH, 6);
            try (SshTransport refused = new SshTransport(unknown)) {
                assertThatThrownBy(() -> refused.run(command("version"), TIMEOUT))
                        .hasMessageContaining("edge-2").hasMessageContaining("unknown host key")
                        .hasMessageContaining("SHA256:");
            }
            assertThat(Files.readString(empty)).isEmpty();
        }
    }

    @Test
    void aDroppedSessionIsRetryableAndTheNextCommandReconnects() {
        assertThat(transport.run(command("version"), TIMEOUT).exitCode()).isZero();
        sandbox.inject(Fault.drop("^ps:report", 1));
        assertThatThrownBy(() -> transport.run(command("ps:report", "mr-x", "--format", "json"), TIMEOUT))
                .isInstanceOf(OperatorException.class)
                .satisfies(e -> {
                    OperatorException oe = (OperatorException) e;
                    assertThat(oe.code()).isEqualTo(ErrorCode.TRANSPORT_FAILURE);
                    assertThat(oe.retryable()).isTrue();
                });
        CommandResult after = transport.run(command("apps:list", "--format", "json"), TIMEOUT);
        assertThat(after.exitCode()).isZero();
        assertThat(after.stdoutText()).isEqualTo("[]\n");
    }

    @Test
    void aHungCommandTimesOutAndTheTransportStaysUsable() {
        sandbox.inject(Fault.hang("^git:from-image", 1));
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.run(command("git:from-image", "mr-x", "img:1"), Duration.ofMillis(800)))
                .isInstanceOf(OperatorException.class)
                .satisfies(e -> assertThat(((OperatorException) e).code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(transport.run(command("version"), TIMEOUT).exitCode()).isZero();
    }

    @Test
    void aFullChannelBudgetQueuesInsteadOfFailing() throws Exception {
        sandbox.setLatency(new LatencyProfile(0.5));
        DokkuHost host = new DokkuHost("narrow", "127.0.0.1", sandbox.port(), "dokku", Optional.of(sandbox.clientKey()),
                Optional.of(sandbox.knownHosts()), 10, DokkuHost.Transport.SSH, 2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SshTransport narrow = new SshTransport(host)) {
            narrow.run(command("version"), TIMEOUT);
            sandbox.resetMaxInFlight();
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> narrow.run(command("apps:list"), TIMEOUT)));
            }
            for (Future<CommandResult> r : results) {
                assertThat(r.get().exitCode()).isZero();
            }
            assertThat(sandbox.maxInFlight()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
