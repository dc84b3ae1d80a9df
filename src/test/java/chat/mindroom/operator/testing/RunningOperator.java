package chat.mindroom.operator.testing;

import chat.mindroom.operator.store.JdbcTarget;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole operator (HTTP server, store, templates) started in-process on a random port against a
 * fresh test database, and a real HTTP client to talk to it.
 */
public final class RunningOperator implements AutoCloseable {

    public static final String WRITE_TOKEN = "write-token-0123456789abcdef";
    public static final String READ_TOKEN = "read-token-0123456789abcdef";

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JdbcTarget database;

    private RunningOperator(ApplicationContext context, JdbcTarget database) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class);
        this.database = database;
    }

    public static RunningOperator start() {
        return start(Map.of());
    }

    public static RunningOperator start(Map<String, Object> extra) {
        return start(TestDatabase.fresh(), extra);
    }

    /** An operator on an existing database (a restart, or a second replica). */
    public static RunningOperator start(JdbcTarget db, Map<String, Object> extra) {
        try {
            Path dataDir = Files.createTempDirectory("mindroom-operator-test");
            Map<String, Object> props = new HashMap<>();
            props.put("micronaut.server.port", -1);
            props.put("database.url", db.jdbcUrl());
            db.user().ifPresent(u -> props.put("database.user", u));
            db.password().ifPresent(p -> props.put("database.password", p));
            props.put("operator.data-dir", dataDir.toString());
            props.put("operator.api-tokens", "ci:write:" + WRITE_TOKEN + ",viewer:read:" + READ_TOKEN);
            props.put("operator.base-domain", "mindroom.test");
            props.put("operator.reconcile.deletion-settle", "0s");
            props.put("operator.reconcile.deletion-grace", "0s");
            props.put("operator.sandbox-port", 0);
            props.put("operator.sandbox-latency-scale", 0);
            props.put("operator.reconcile.enabled", false);
            props.putAll(extra);
            ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
            return new RunningOperator(context, db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JdbcTarget database() {
        return database;
    }

    public ApplicationContext context() {
        return context;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + WRITE_TOKEN);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    @Override
    public void close() {
        context.close();
    }
}
