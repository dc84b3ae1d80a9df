package chat.mindroom.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.template.TemplateException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-configuration start: embedded PostgreSQL under the data directory, a generated token. */
class OperatorStartupIT {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private EmbeddedServer start() {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "operator.sandbox-port", 0,
                "operator.reconcile.enabled", false,
                "operator.data-dir", dataDir.toString()));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void desiredStateSurvivesARestartOnTheEmbeddedDatabase() throws Exception {
        String token;
        try (EmbeddedServer server = start()) {
            token = Files.readString(dataDir.resolve("api-token")).trim();
            assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();
            HttpResponse<String> created = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/instances/survivor"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"starter\"}")).build());
            assertThat(created.statusCode()).isEqualTo(201);
        }
        try (EmbeddedServer server = start()) {
            assertThat(Files.readString(dataDir.resolve("api-token")).trim()).isEqualTo(token);
            HttpResponse<String> read = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/instances/survivor"))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"tier\":\"starter\"");
        }
    }

    @Test
    void aBrokenTemplateStopsStartupNamingFileAndKey() throws Exception {
        Path templates = Files.createDirectories(dataDir.resolve("templates"));
        for (String file : new String[] {"tiers.yaml", "instance.yaml", "mindroom-config.yaml"}) {
            try (var in = getClass().getResourceAsStream("/templates/" + file)) {
                Files.write(templates.resolve(file), in.readAllBytes());
            }
        }
        Path tiers = templates.resolve("tiers.yaml");
        Files.writeString(tiers, Files.readString(tiers).replace("memoryMb: 512", "memoryMb: plenty"));
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "operator.sandbox-port", 0,
                "operator.data-dir", dataDir.toString(),
                "operator.templates-dir", templates.toString())))
                .hasRootCauseInstanceOf(TemplateException.class)
                .rootCause().hasMessage(tiers + ": tiers.starter.limits.memoryMb: expected a whole number, got 'plenty'");
    }
}
