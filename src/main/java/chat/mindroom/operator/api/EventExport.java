package chat.mindroom.operator.api;

import static chat.mindroom.operator.api.InstanceController.badParameter;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.store.Event;
import chat.mindroom.operator.store.Page;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audit trail exports: JSON lines (one event object per line) and CSV (RFC 4180 quoting, a header
 * row). Both are bounded by the query's limit; the {@code Next-Cursor} header continues the export.
 */
final class EventExport {

    static final String JSON_LINES = "application/x-ndjson";
    static final String CSV = "text/csv";
    static final String NEXT_CURSOR = "Next-Cursor";
    private static final List<String> COLUMNS = List.of("id", "at", "instance", "type", "reason", "actor",
            "generation", "exitCode", "durationMs", "command", "message");

    private EventExport() {
    }

    enum Format {
        DOCUMENT(false),
        JSON_LINES(true),
        CSV(true);

        private final boolean export;

        Format(boolean export) {
            this.export = export;
        }

        boolean export() {
            return export;
        }
    }

    /** {@code ?format=} wins; otherwise the first of the client's Accept types that names an export. */
    static Format format(String format, HttpRequest<?> request) {
        if (format != null) {
            return switch (format) {
                case "json", "yaml" -> Format.DOCUMENT;
                case "jsonl", "ndjson" -> Format.JSON_LINES;
                case "csv" -> Format.CSV;
                default -> throw badParameter("format", "must be one of json, yaml, jsonl, csv");
            };
        }
        for (MediaType type : request.accept()) {
            if (type.getName().equals(JSON_LINES)) {
                return Format.JSON_LINES;
            }
            if (type.getName().equals(CSV)) {
                return Format.CSV;
            }
            if (!type.getName().equals("*/*")) {
                return Format.DOCUMENT;
            }
        }
        return Format.DOCUMENT;
    }

    /** An event in the fleet-wide form: the per-instance form with the instance's name. */
    static Map<String, Object> view(Event event) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", event.id());
        tree.put("instance", event.instanceName());
        tree.putAll(InstanceView.event(event));
        return tree;
    }

    static MutableHttpResponse<byte[]> respond(Format format, Page<Event> page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format == Format.CSV) {
            out.writeBytes((String.join(",", COLUMNS) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Event event : page.items()) {
            Map<String, Object> tree = view(event);
            if (format == Format.CSV) {
                out.writeBytes(csvRow(tree).getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(JsonDocument.write(tree));
                out.write('\n');
            }
        }
        MutableHttpResponse<byte[]> response = HttpResponse.ok(out.toByteArray())
                .contentType(format == Format.CSV ? CSV + "; charset=utf-8" : JSON_LINES);
        page.nextCursor().ifPresent(c -> response.header(NEXT_CURSOR, c));
        return response;
    }

    private static String csvRow(Map<String, Object> tree) {
        StringBuilder row = new StringBuilder();
        for (String column : COLUMNS) {
            if (row.length() > 0) {
                row.append(',');
            }
            Object value = tree.get(column);
            row.append(value == null ? "" : csvField(value.toString()));
        }
        return row.append("\r\n").toString();
    }

    /**
     * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. Text that a
     * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return; event
     * messages carry names and text from outside) gets a leading apostrophe; numbers stay as they are.
     */
    static String csvField(String raw) {
        String value = !raw.isEmpty() && "=+-@\t\r".indexOf(raw.charAt(0)) >= 0 && !raw.matches("-?\\d+(\\.\\d+)?")
                ? "'" + raw : raw;
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
