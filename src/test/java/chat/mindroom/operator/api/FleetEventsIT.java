package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.errorFields;
import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.testing.RunningOperator;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /api/v1/events: the audit trail of the whole fleet, through the real API. */
class FleetEventsIT {

    private static final String OPS_TOKEN = "ops-token-0123456789abcdef";
    private static RunningOperator operator;

    @BeforeAll
    static void start() {
        operator = RunningOperator.start(Map.of("operator.api-tokens", "ci:write:" + RunningOperator.WRITE_TOKEN
                + ",viewer:read:" + RunningOperator.READ_TOKEN + ",ops:write:" + OPS_TOKEN));
        for (String name : List.of("alpha", "beta", "gamma")) {
            assertThat(operator.put("/api/v1/instances/" + name, "{\"tier\":\"starter\",\"account\":\"acc_1\"}")
                    .statusCode()).isEqualTo(201);
        }
        assertThat(operator.put("/api/v1/instances/alpha", "{\"tier\":\"professional\",\"account\":\"acc_1\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> deleted = operator.send(operator.request("/api/v1/instances/beta")
                .setHeader("Authorization", "Bearer " + OPS_TOKEN).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static HttpResponse<String> read(String query) {
        return operator.send(operator.request("/api/v1/events" + query)
                .setHeader("Authorization", "Bearer " + RunningOperator.READ_TOKEN).GET().build());
    }

    private static List<Map<String, Object>> items(String query) {
        HttpResponse<String> response = read(query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return list(object(response.body()).get("items")).stream().map(i -> map(i)).toList();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void everyInstancesEventsNewestFirstWithTheirInstanceName() {
        List<Map<String, Object>> all = items("");
        assertThat(all).extracting(e -> e.get("instance") + "/" + e.get("reason")).containsExactly(
                "beta/DeletionRequested", "alpha/SpecChanged", "gamma/Created", "beta/Created", "alpha/Created");
        assertThat(all).extracting(e -> (Long) e.get("id")).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void filtersCombine() {
        assertThat(items("?instance=alpha")).extracting(e -> e.get("reason"))
                .containsExactly("SpecChanged", "Created");
        assertThat(items("?actor=ops")).extracting(e -> e.get("instance") + "/" + e.get("reason"))
                .containsExactly("beta/DeletionRequested");
        assertThat(items("?reason=Created&instance=gamma")).hasSize(1);
        assertThat(items("?type=Warning")).isEmpty();
        assertThat(items("?type=Normal&actor=ci")).hasSize(4);
        assertThat(items("?instance=nobody")).isEmpty();
    }

    @Test
    void timeRangeIsSinceInclusiveUntilExclusive() {
        List<Map<String, Object>> all = items("");
        String newest = (String) all.get(0).get("at");
        String oldest = (String) all.get(all.size() - 1).get("at");
        assertThat(items("?since=" + encoded(newest))).extracting(e -> e.get("id")).contains(all.get(0).get("id"));
        assertThat(items("?until=" + encoded(oldest))).isEmpty();
        assertThat(items("?since=" + encoded(oldest) + "&until=2999-01-01T00:00:00%2B02:00")).hasSize(all.size());
        assertThat(items("?since=2999-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void pagesByCursorWithoutGapsOrRepeats() {
        List<Object> seen = new ArrayList<>();
        String query = "?limit=2";
        int pages = 0;
        while (true) {
            HttpResponse<String> response = read(query);
            Map<String, Object> page = object(response.body());
            list(page.get("items")).forEach(i -> seen.add(map(i).get("id")));
            pages++;
            if (page.get("nextCursor") == null) {
                break;
            }
            query = "?limit=2&cursor=" + page.get("nextCursor");
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(items("").stream().map(e -> e.get("id")).toList());
    }

    @Test
    void exportsJsonLines() {
        HttpResponse<String> byAccept = operator.send(operator.request("/api/v1/events?instance=alpha")
                .header("Accept", "application/x-ndjson").GET().build());
        assertThat(byAccept.statusCode()).isEqualTo(200);
        assertThat(byAccept.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        String[] lines = byAccept.body().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(map(JsonDocument.parse(lines[0]))).containsEntry("instance", "alpha")
                .containsEntry("reason", "SpecChanged");
        HttpResponse<String> paged = read("?format=jsonl&limit=3");
        assertThat(paged.body().split("\n")).hasSize(3);
        assertThat(paged.headers().firstValue("Next-Cursor")).isPresent();
    }

    @Test
    void exportsCsvWithQuoting() {
        HttpResponse<String> csv = operator.send(operator.request("/api/v1/events?format=csv&reason=SpecChanged")
                .GET().build());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).isEqualTo("id,at,instance,type,reason,actor,generation,exitCode,durationMs,command,message");
        assertThat(rows).hasSize(2);
        assertThat(rows[1]).contains(",alpha,Normal,SpecChanged,ci,2,,,,");
        // The message lists changed fields and may hold commas: it must then be quoted.
        String message = rows[1].substring(rows[1].indexOf(",,,,") + 4);
        if (message.contains(",") || message.contains("\"")) {
            assertThat(message).startsWith("\"").endsWith("\"");
        }
        assertThat(EventExport.csvField("a \"b\", c")).isEqualTo("\"a \"\"b\"\", c\"");
        assertThat(EventExport.csvField("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(EventExport.csvField("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(EventExport.csvField("-1")).as("a number stays a number").isEqualTo("-1");
        HttpResponse<String> byAccept = operator.send(operator.request("/api/v1/events")
                .header("Accept", "text/csv").GET().build());
        assertThat(byAccept.body().split("\r\n")).hasSize(6);
    }

    @ParameterizedTest
    @CsvSource({"instance=Not_A_Name,instance", "type=Error,type", "since=yesterday,since",
            "until=2026-13-01T00:00:00Z,until", "limit=0,limit", "limit=1001,limit", "cursor=abc,cursor",
            "format=xml,format", "reason=Spec%20Changed,reason", "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z,until"})
    void badFiltersAreA400NamingTheParameter(String query, String field) {
        HttpResponse<String> response = read("?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(errorFields(response.body())).containsExactly(field);
    }

    @Test
    void needsAToken() {
        HttpResponse<String> response = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/events"))
                .GET().build());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
