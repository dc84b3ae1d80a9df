package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code get instances --watch}: follows the API's watch stream ({@code ?watch=true}) and prints a
 * row for each instance that appears or changes (phase, host, generations, Ready) and a DELETED row for
 * each that goes. When the connection ends it reconnects after {@code interval} from the last event id
 * it read, so nothing is missed or printed twice; when the server no longer has that position (410, or
 * an ERROR event) it lists again and prints only what differs. Runs until interrupted.
 */
final class InstanceWatch {

    private static final String ROW = "%-24s %-13s %-12s %-12s %-11s %s";

    private final ApiClient api;
    private final PrintWriter out;
    private final Map<String, String> query = new LinkedHashMap<>();
    /** The last row printed per instance, so a change nobody sees in the table prints nothing. */
    private final Map<String, String> rows = new HashMap<>();
    private String position;
    private Set<String> listed;

    private InstanceWatch(ApiClient api, PrintWriter out, String tier, String phase) {
        this.api = api;
        this.out = out;
        query.put("watch", "true");
        if (tier != null) {
            query.put("tier", tier);
        }
        if (phase != null) {
            query.put("phase", phase);
        }
    }

    static int run(ApiClient api, PrintWriter out, String tier, String phase, Duration interval) {
        out.println(String.format(ROW, "NAME", "TIER", "PHASE", "HOST", "GENERATION", "READY").stripTrailing());
        out.flush();
        InstanceWatch watch = new InstanceWatch(api, out, tier, phase);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                watch.follow();
            } catch (CommandFailure e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                throw e;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ExitCode.OK;
    }

    /** One connection: from the last position, or a fresh listing when there is none (or it is gone). */
    private void follow() {
        Map<String, String> from = new LinkedHashMap<>(query);
        if (position != null) {
            from.put("resourceVersion", position);
        }
        Optional<InputStream> stream = api.stream(ApiClient.path("/api/v1/instances", from));
        if (stream.isEmpty()) {
            position = null;
            return;
        }
        listed = position == null ? new HashSet<>() : null;
        // Read on a thread of its own: a blocking read of the response does not notice an interrupt,
        // a take() from the queue does (and then the stream is closed, which ends the reader).
        BlockingQueue<Optional<ServerSentEvents.Message>> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(stream.get(), queue), "mindroomctl-watch");
        reader.setDaemon(true);
        reader.start();
        try {
            for (var event = queue.take(); event.isPresent(); event = queue.take()) {
                handle(event.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DocumentException e) {
            // not the data of a watch event: reconnect from the last position
        } finally {
            try {
                stream.get().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void read(InputStream stream, BlockingQueue<Optional<ServerSentEvents.Message>> queue) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            ServerSentEvents events = new ServerSentEvents(reader);
            for (var event = events.next(); event.isPresent(); event = events.next()) {
                queue.add(event);
            }
        } catch (IOException e) {
            // the connection ended: the watch reconnects from the last position
        } finally {
            queue.add(Optional.empty());
        }
    }

    private void handle(ServerSentEvents.Message event) {
        switch (event.event()) {
            case "ADDED", "MODIFIED" -> print(object(event.data()));
            case "DELETED" -> deleted(String.valueOf(object(event.data()).get("name")));
            case "BOOKMARK" -> {
                if (listed != null) {
                    // The listing is complete: what was shown before and is not in it any more is gone.
                    new HashSet<>(rows.keySet()).stream().filter(name -> !listed.contains(name)).forEach(this::deleted);
                    listed = null;
                }
            }
            case "ERROR" -> position = null;
            default -> {
                // not an event of the watch
            }
        }
        event.id().ifPresent(id -> position = id);
        out.flush();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String data) {
        Object tree = JsonDocument.parse(data);
        return tree instanceof Map<?, ?> map && map.get("object") instanceof Map<?, ?> object
                ? (Map<String, Object>) object : Map.of();
    }

    private void print(Map<String, Object> item) {
        String name = String.valueOf(item.get("name"));
        if (listed != null) {
            listed.add(name);
        }
        String row = String.format(ROW, name, Trees.at(item, "spec.tier"), Trees.at(item, "status.phase"),
                orNone(Trees.at(item, "status.host")), item.get("generation") + "/"
                        + Trees.at(item, "status.observedGeneration"), orNone(GetCommand.ready(item))).stripTrailing();
        if (!row.equals(rows.put(name, row))) {
            out.println(row);
        }
    }

    private void deleted(String name) {
        if (rows.remove(name) != null) {
            out.println(String.format(ROW, name, "", "DELETED", "", "", "").stripTrailing());
        }
    }

    private static Object orNone(Object value) {
        return value == null ? "<none>" : value;
    }
}
