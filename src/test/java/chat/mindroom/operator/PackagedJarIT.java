package chat.mindroom.operator;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.JarProcess;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar that ships ({@code target/mindroom-operator.jar}, which {@code package} builds before
 * {@code integration-test} runs), started as users start it, in its own process on its embedded
 * database, against a hosts file whose host is an SSH endpoint reached with an Ed25519 key made by
 * ssh-keygen: the JSch inside the shaded jar must log in and provision an instance until Ready. A
 * packaging mistake (such as a manifest without {@code Multi-Release: true}) fails here.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "mindroom-operator.jar");
    private static final String TOKEN = "jar-it-write-token-0123456789";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYetListening) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path log(String name) {
        return Path.of("target", "packaged-jar-it",
                name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
    }

    /** Runs the jar with {@code env} and provisions instance {@code name} through its API until it is Ready. */
    private void provision(Map<String, String> env, Path log, String name) throws Exception {
        int port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("OPERATOR_DATA_DIR", dir.resolve("data").toString());
        all.put("OPERATOR_PORT", String.valueOf(port));
        all.put("OPERATOR_API_TOKENS", "ci:write:" + TOKEN);
        all.put("OPERATOR_BASE_DOMAIN", "mindroom.test");
        String api = "http://127.0.0.1:" + port + "/api/v1";
        try (JarProcess operator = JarProcess.start(JAR, List.of("-Xmx384m"), all, log)) {
            operator.await("an answer on /api/v1/hosts", Duration.ofMinutes(3), () -> {
                HttpResponse<String> hosts = send(HttpRequest.newBuilder(URI.create(api + "/hosts")).GET());
                return hosts != null && hosts.statusCode() == 200;
            });
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(api + "/instances/" + name))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"starter\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            operator.await("instance " + name + " Ready", Duration.ofMinutes(5), () -> {
                HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(api + "/instances/" + name)).GET());
                return read != null && "Ready".equals(map(object(read.body()).get("status")).get("phase"));
            });
            Map<String, Object> host = map(list(object(send(HttpRequest.newBuilder(URI.create(api + "/hosts"))
                    .GET()).body()).get("items")).get(0));
            assertThat(host).as("its output is in %s", log.toAbsolutePath()).containsEntry("reachable", true);
        }
    }

    @Test
    void theShippedJarProvisionsAnInstanceOverSshWithAnEd25519Key() throws Exception {
        assertThat(JAR).as("the shaded jar; mvn verify builds it in the package phase").isRegularFile();
        Path key = TestKeys.committed("ed25519-openssh");
        try (SandboxServer dokku = SandboxServer.start(dir.resolve("dokku"), 0, LatencyProfile.NONE, true)) {
            Path hostsFile = Files.writeString(dir.resolve("hosts.yaml"), "hosts:\n  - name: dokku-1\n"
                    + "    address: 127.0.0.1\n    port: " + dokku.port() + "\n    privateKey: " + key
                    + "\n    knownHosts: " + dokku.knownHosts() + "\n    capacity: 10\n");
            Path log = log("hosts-file");
            provision(Map.of("OPERATOR_HOSTS_FILE", hostsFile.toString()), log, "jar");
            assertThat(dokku.clientKeys()).as("keys the jar offered; its output is in %s", log.toAbsolutePath())
                    .isNotEmpty().containsOnly(TestKeys.identity(key));
            try (RawSsh ssh = new RawSsh(dokku)) {
                assertThat(ssh.exec("apps:list").stdout()).contains("mr-jar-backend", "mr-jar-frontend");
            }
        }
    }

    /** The quick start: no hosts file, so the jar runs its own sandbox and hands itself an Ed25519 key. */
    @Test
    void theShippedJarProvisionsOnItsOwnSandbox() throws Exception {
        assertThat(JAR).as("the shaded jar; mvn verify builds it in the package phase").isRegularFile();
        Path log = log("sandbox");
        provision(Map.of("OPERATOR_SANDBOX_PORT", String.valueOf(freePort()), "OPERATOR_SANDBOX_LATENCY_SCALE", "0"),
                log, "quick");
        Path clientKey = dir.resolve("data").resolve("sandbox").resolve("client_key");
        assertThat(TestKeys.identity(clientKey)).as("its output is in %s", log.toAbsolutePath())
                .startsWith("ssh-ed25519 SHA256:");
        assertThat(Files.readString(log)).contains("established with " + TestKeys.identity(clientKey).replace(" ", " key "));
    }
}
