package chat.mindroom.operator.testing;

import chat.mindroom.operator.ctl.ServerSentEvents;
import chat.mindroom.operator.document.JsonDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real HTTP connection to {@code GET /api/v1/instances?watch=true...}, read on a thread of its own
 * into a list of events, so a test can wait for what a watcher would see.
 */
public final class WatchStream implements AutoCloseable {

    /** One event as read: its id (empty when none), event name and parsed data. */
    public record Seen(Optional<String> id, String event, Map<String, Object> data) {

        public String name() {
            return data.get("object") instanceof Map<?, ?> o ? String.valueOf(o.get("name")) : "";
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> object() {
            return (Map<String, Object>) data.get("object");
        }

        public long version() {
            return Long.parseLong(String.valueOf(data.get("resourceVersion")));
        }
    }

    private final HttpResponse<InputStream> response;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread reader;
    private volatile boolean ended;

    private WatchStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "watch-stream-test");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the watch at {@code uri} with {@code token}; {@code lastEventId} sent when not null. */
    public static WatchStream open(URI uri, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new WatchStream(HttpClient.newHttpClient().send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    @SuppressWarnings("unchecked")
    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            ServerSentEvents events = new ServerSentEvents(in);
            for (var m = events.next(); m.isPresent(); m = events.next()) {
                Map<String, Object> data = m.get().data().isEmpty() ? Map.of()
                        : (Map<String, Object>) JsonDocument.parse(m.get().data());
                synchronized (seen) {
                    seen.add(new Seen(m.get().id(), m.get().event(), data));
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public boolean ended() {
        return ended;
    }

    /** Waits for an event matching {@code match} and returns the first one. */
    public Seen await(String what, Predicate<Seen> match) {
        Await.until(what + "; seen " + summary(), () -> seen().stream().anyMatch(match));
        return seen().stream().filter(match).findFirst().orElseThrow();
    }

    public String summary() {
        return seen().stream().map(s -> s.id().orElse("-") + " " + s.event() + " " + s.name()
                + (s.object() != null && s.object().get("status") instanceof Map<?, ?> st ? "/" + st.get("phase") : ""))
                .toList().toString();
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
