package chat.mindroom.operator.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} as the HTML standard's EventSource does: fields {@code id},
 * {@code event} and {@code data} (several data lines joined with a newline), comment lines (starting
 * with a colon) skipped, a blank line ending an event, and an event with no data not dispatched.
 * Lines may end in LF, CRLF or CR.
 */
public final class ServerSentEvents {

    /** One dispatched event; {@code id} is empty when the event carried none. */
    public record Message(Optional<String> id, String event, String data) {
    }

    private final BufferedReader reader;

    public ServerSentEvents(BufferedReader reader) {
        this.reader = reader;
    }

    /** The next event, or empty when the stream ended. */
    public Optional<Message> next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Message(Optional.ofNullable(id), event == null ? "message" : event,
                            data.toString()));
                }
                id = null;
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields: nothing a watch needs
                }
            }
        }
        return Optional.empty();
    }
}
