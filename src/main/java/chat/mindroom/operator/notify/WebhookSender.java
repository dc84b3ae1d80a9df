package chat.mindroom.operator.notify;

import chat.mindroom.operator.store.DueDelivery;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one notification to one endpoint, signed the Standard Webhooks way: the stored body, its
 * stable {@code webhook-id}, a {@code webhook-timestamp} of this attempt. Redirects are not followed.
 */
final class WebhookSender {

    /** What the receiver answered, or why there was no answer. */
    record Result(Optional<Integer> status, Optional<String> error, long durationMs) {

        boolean delivered() {
            return status.isPresent() && status.get() >= 200 && status.get() < 300;
        }

        boolean gone() {
            return status.isPresent() && status.get() == 410;
        }
    }

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    WebhookSender(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    Result send(Endpoint endpoint, DueDelivery due) {
        byte[] body = due.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url()).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "mindroom-operator")
                .header("webhook-id", due.messageId())
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", endpoint.signature().sign(due.messageId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long started = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new Result(Optional.of(response.statusCode()), Optional.empty(), millisSince(started));
        } catch (IOException e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Result(Optional.empty(), Optional.of(why.length() > 300 ? why.substring(0, 300) : why),
                    millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Optional.empty(), Optional.of("interrupted (the operator is stopping)"),
                    millisSince(started));
        }
    }

    private static long millisSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
