package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operator's HTTP API as mindroomctl uses it: JSON in and out, problems turned into failures. */
final class ApiClient {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ContextConfig.Target target;

    ApiClient(ContextConfig.Target target) {
        this.target = target;
    }

    /** A response the caller wants even when it is an error (a 404 that means "absent"). */
    record Reply(int status, String body) {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code base} with the query's entries, each value URL-encoded. */
    static String path(String base, Map<String, String> query) {
        StringBuilder path = new StringBuilder(base);
        char separator = '?';
        for (Map.Entry<String, String> entry : query.entrySet()) {
            path.append(separator).append(entry.getKey()).append('=').append(encode(entry.getValue()));
            separator = '&';
        }
        return path.toString();
    }

    Map<String, Object> get(String path) {
        return object(check(send("GET", path, null, "application/json")));
    }

    Map<String, Object> put(String path, String json) {
        return object(check(send("PUT", path, json, "application/json")));
    }

    Map<String, Object> delete(String path) {
        return object(check(send("DELETE", path, null, "application/json")));
    }

    Map<String, Object> post(String path) {
        return object(check(send("POST", path, "{}", "application/json")));
    }

    /** A GET whose body is passed through as it is (exports: CSV, JSON lines). */
    String getText(String path, String accept) {
        return check(send("GET", path, null, accept)).body();
    }

    Reply send(String method, String path, String json, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.server() + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", accept);
        target.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body());
    }

    /**
     * A GET of a {@code text/event-stream}, read as it arrives (no timeout: a watch lasts); empty when
     * the server answers 410 Gone, any other error fails like the other calls.
     */
    Optional<InputStream> stream(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.server() + path))
                .header("Accept", "text/event-stream");
        target.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<InputStream> response = exchange(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() < 400) {
            return Optional.of(response.body());
        }
        try (InputStream body = response.body()) {
            Reply reply = new Reply(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            if (reply.status() == 410) {
                return Optional.empty();
            }
            check(reply);
            return Optional.empty();
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILED, "reading from " + target.server() + ": " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (ConnectException e) {
            throw new CommandFailure(ExitCode.FAILED, "cannot reach " + target.server() + " (context "
                    + target.context() + "): connection refused");
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.FAILED, "cannot reach " + target.server() + " (context "
                    + target.context() + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.FAILED, "interrupted");
        }
    }

    static Reply check(Reply reply) {
        if (reply.status() < 400) {
            return reply;
        }
        int code = switch (reply.status()) {
            case 401, 403 -> ExitCode.AUTH;
            case 404 -> ExitCode.NOT_FOUND;
            default -> ExitCode.FAILED;
        };
        throw new CommandFailure(code, problem(reply));
    }

    /** "title: detail" and one indented line per failing field; a body that is no problem is summarized. */
    static String problem(Reply reply) {
        try {
            if (JsonDocument.parse(reply.body()) instanceof Map<?, ?> problem && problem.get("title") != null) {
                StringBuilder text = new StringBuilder().append(problem.get("title"));
                if (problem.get("detail") != null) {
                    text.append(": ").append(problem.get("detail"));
                }
                if (problem.get("errors") instanceof List<?> errors) {
                    for (Object error : errors) {
                        if (error instanceof Map<?, ?> e) {
                            text.append("\n  ").append(e.get("field")).append(": ").append(e.get("message"));
                        }
                    }
                }
                return text.toString();
            }
        } catch (DocumentException e) {
            // not a problem document: summarized below
        }
        String body = reply.body() == null ? "" : reply.body().strip();
        return "HTTP " + reply.status() + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length())));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Reply reply) {
        try {
            Object tree = JsonDocument.parse(reply.body());
            if (tree instanceof Map<?, ?>) {
                return (Map<String, Object>) tree;
            }
        } catch (DocumentException e) {
            // reported below
        }
        throw new CommandFailure(ExitCode.FAILED, "the server sent something that is not a JSON object (HTTP "
                + reply.status() + ")");
    }

    Optional<Map<String, Object>> find(String path) {
        Reply reply = send("GET", path, null, "application/json");
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(object(check(reply)));
    }
}
