package chat.mindroom.operator.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code undelete} and {@code delete --grace} against a local HTTP server that answers as the API's
 * contract says (the undelete route lands with the operator's grace-period work): what the client
 * sends, what it prints, and its exit codes for 200, 404 and 409.
 */
class LifecycleCommandsTest {

    private static final String TERMINATING = """
            {"name":"acme","generation":1,"resourceVersion":"7","purgeAt":"2026-12-11T18:00:00Z",
             "spec":{"tier":"starter"},"status":{"phase":"Terminating"}}""";
    private static final String READY = """
            {"name":"acme","generation":1,"resourceVersion":"8","purgeAt":null,
             "spec":{"tier":"starter"},"status":{"phase":"Ready"}}""";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/instances/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        seen.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getRequestBody().readAllBytes();
        switch (exchange.getRequestMethod() + " " + path) {
            case "POST /api/v1/instances/acme/undelete" -> send(exchange, 200, "application/json", READY);
            case "DELETE /api/v1/instances/acme" -> send(exchange, 202, "application/json", TERMINATING);
            case "POST /api/v1/instances/late/undelete" -> send(exchange, 409, "application/problem+json",
                    problem(409, "conflict", "The write conflicts with the current state",
                            "instance late cannot be undeleted: its purge began at 2026-12-11T18:00:00Z"));
            default -> send(exchange, 404, "application/problem+json",
                    problem(404, "not-found", "No such instance", "instance nobody does not exist"));
        }
    }

    private static String problem(int status, String slug, String title, String detail) {
        return "{\"type\":\"https://mindroom.chat/problems/" + slug + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private CtlRun ctl(String... args) {
        return CtlRun.run(Map.of("MINDROOM_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(),
                "MINDROOM_TOKEN", "write-token-0123456789abcdef", "MINDROOM_CONFIG", "/nonexistent/config.yaml"),
                "", args);
    }

    @Test
    void undeletePostsAndPrintsThePhase() {
        CtlRun run = ctl("undelete", "acme");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("instance/acme undeleted (phase Ready)\n");
        assertThat(seen).containsExactly("POST /api/v1/instances/acme/undelete Bearer write-token-0123456789abcdef");
    }

    @Test
    void undeleteOfAnUnknownInstanceIsThreeAndOnceThePurgeBeganFive() {
        CtlRun missing = ctl("undelete", "nobody");
        assertThat(missing.exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).isEqualTo("error: No such instance: instance nobody does not exist\n");
        CtlRun late = ctl("undelete", "late");
        assertThat(late.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(late.err()).isEqualTo("error: The write conflicts with the current state: instance late cannot be"
                + " undeleted: its purge began at 2026-12-11T18:00:00Z\n");
    }

    @Test
    void deleteSendsTheGracePeriodAndPrintsWhenThePurgeStarts() {
        CtlRun run = ctl("delete", "acme", "--grace", "7d");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("instance/acme deletion requested; purge at 2026-12-11T18:00:00Z\n");
        assertThat(seen).containsExactly("DELETE /api/v1/instances/acme?grace=7d Bearer write-token-0123456789abcdef");
        assertThat(ctl("delete", "acme").exit()).isZero();
        assertThat(seen.get(1)).startsWith("DELETE /api/v1/instances/acme Bearer");
    }
}
