package chat.mindroom.operator.dokku;

import chat.mindroom.operator.dokku.ssh.SshTransport;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Dokku contract tests run: the sandbox over real SSH by default, or a real Dokku host
 * named by DOKKU_TEST_HOST (with DOKKU_TEST_PORT, DOKKU_TEST_USER, DOKKU_TEST_KEY,
 * DOKKU_TEST_KNOWN_HOSTS). On a real host the tests touch only names starting with {@code mrtest-}.
 */
final class DokkuTarget implements AutoCloseable {

    private final SandboxServer sandbox;
    private final DokkuClient client;

    private DokkuTarget(SandboxServer sandbox, DokkuClient client) {
        this.sandbox = sandbox;
        this.client = client;
    }

    static DokkuTarget open(Path scratch) throws Exception {
        String host = System.getenv("DOKKU_TEST_HOST");
        if (host == null || host.isBlank()) {
            SandboxServer sandbox = SandboxServer.start(Files.createDirectories(scratch.resolve("sandbox")), 0,
                    LatencyProfile.NONE, false);
            DokkuHost dokkuHost = sandbox.host("sandbox", 100);
            return new DokkuTarget(sandbox, new RemoteDokkuClient(dokkuHost.name(), new SshTransport(dokkuHost)));
        }
        DokkuHost real = new DokkuHost("contract-test", host,
                Integer.parseInt(System.getenv().getOrDefault("DOKKU_TEST_PORT", "22")),
                System.getenv().getOrDefault("DOKKU_TEST_USER", "dokku"),
                Optional.of(Path.of(required("DOKKU_TEST_KEY"))), Optional.of(Path.of(required("DOKKU_TEST_KNOWN_HOSTS"))),
                10, DokkuHost.Transport.SSH, DokkuHost.DEFAULT_MAX_CHANNELS);
        return new DokkuTarget(null, new RemoteDokkuClient(real.name(), new SshTransport(real)));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set when DOKKU_TEST_HOST is");
        }
        return value;
    }

    DokkuClient client() {
        return client;
    }

    /** The sandbox, when the tests run against it. */
    Optional<SandboxServer> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    @Override
    public void close() {
        client.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
