package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.RunningOperator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request bodies built to cost more than they weigh: absurd numbers, deep nesting, text PostgreSQL
 * cannot store. Each gets a small problem document naming the failing field, and nothing is written.
 */
class HostileInputIT {

    private static final int SMALL_BODY = 4096;
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";

    private static RunningOperator operator;

    @BeforeAll
    static void start() {
        operator = RunningOperator.start();
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static Arguments json(String reason, String body, int status, String field) {
        return Arguments.of(reason, JSON, body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    private static Arguments yaml(String reason, String body, int status, String field) {
        return Arguments.of(reason, YAML, body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    private static String limits(String field, String number) {
        return "{\"tier\":\"starter\",\"limits\":{\"" + field + "\":" + number + "}}";
    }

    /** UTF-8 text with raw bytes in the middle. */
    private static byte[] withBytes(String before, byte[] raw, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(raw, 0, body, head.length, raw.length);
        System.arraycopy(tail, 0, body, head.length + raw.length, tail.length);
        return body;
    }

    /** Six levels of three aliases each over a 40 KB list: hashed as a key, 3^6 times the list. */
    private static String aliasedKey() {
        StringBuilder yaml = new StringBuilder("tier: starter\nx0: &a0 [" + "1,".repeat(20_000) + "1]\n");
        for (int i = 1; i <= 6; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        return yaml + "? [*a6, *a6]\n: 1\n";
    }

    private static String manyUnknownKeys() {
        StringBuilder json = new StringBuilder("{\"tier\":\"starter\"");
        for (int i = 0; i < 4000; i++) {
            json.append(",\"k").append(i).append("\":0");
        }
        return json.append('}').toString();
    }

    static Stream<Arguments> hostileBodies() {
        String tenThousandDigits = "1234567890".repeat(1000);
        return Stream.of(
                json("memory 1e999999999", limits("memoryMb", "1e999999999"), 422, "limits.memoryMb"),
                json("memory 1e99999999", limits("memoryMb", "1e99999999"), 422, "limits.memoryMb"),
                json("memory -1e99999999", limits("memoryMb", "-1e99999999"), 422, "limits.memoryMb"),
                json("memory 1e-999999999", limits("memoryMb", "1e-999999999"), 422, "limits.memoryMb"),
                json("memory 10k digits", limits("memoryMb", tenThousandDigits), 400, "limits.memoryMb"),
                json("memory -0", limits("memoryMb", "-0"), 422, "limits.memoryMb"),
                json("memory 1.5", limits("memoryMb", "1.5"), 422, "limits.memoryMb"),
                json("cpu 1e99999999", limits("cpu", "1e99999999"), 422, "limits.cpu"),
                json("cpu 1e-999999999", limits("cpu", "1e-999999999"), 422, "limits.cpu"),
                json("cpu exponent beyond int", limits("cpu", "1e9999999999"), 400, "limits.cpu"),
                json("cpu -0", limits("cpu", "-0"), 422, "limits.cpu"),
                json("1,001 levels of arrays", "[".repeat(1001) + "]".repeat(1001), 400, "[0][0]"),
                json("60,000 opening brackets", "[".repeat(60_000), 400, "[0][0]"),
                json("nested objects", "{\"tier\":".repeat(6_000), 400, "tier.tier"),
                json("lone high surrogate", "{\"tier\":\"starter\",\"account\":\"\\ud800\"}", 422, "account"),
                json("lone low surrogate", "{\"tier\":\"starter\",\"account\":\"a\\udfffb\"}", 422, "account"),
                json("NUL character", "{\"tier\":\"starter\",\"account\":\"a\\u0000b\"}", 422, "account"),
                Arguments.of("invalid UTF-8 byte", JSON,
                        withBytes("{\"tier\":\"starter\",\"account\":\"", new byte[] {(byte) 0xff}, "\"}"), 400, "$"),
                Arguments.of("overlong UTF-8 NUL", JSON,
                        withBytes("{\"tier\":\"starter\",\"account\":\"", new byte[] {(byte) 0xc0, (byte) 0x80}, "\"}"),
                        400, "$"),
                json("long unknown key", "{\"tier\":\"starter\",\"" + "k".repeat(40_000) + "\":1}", 422, "kkk"),
                json("key longer than a name may be", "{\"tier\":\"starter\",\"" + "k".repeat(60_000) + "\":1}", 400,
                        "$"),
                json("4,000 unknown keys", manyUnknownKeys(), 422, "k"),
                json("long tier", "{\"tier\":\"" + "t".repeat(60_000) + "\"}", 422, "tier"),
                yaml("yaml memory 1.0e+999999999", "tier: starter\nlimits: {memoryMb: 1.0e+999999999}\n", 422,
                        "limits.memoryMb"),
                yaml("yaml cpu -1.0e-999999999", "tier: starter\nlimits: {cpu: -1.0e-999999999}\n", 422,
                        "limits.cpu"),
                yaml("yaml memory 10k digits", "tier: starter\nlimits: {memoryMb: " + tenThousandDigits + "}\n", 422,
                        "limits.memoryMb"),
                yaml("yaml memory 150 digits", "tier: starter\nlimits: {memoryMb: " + "1234567890".repeat(15) + "}\n",
                        400, "$"),
                yaml("yaml cpu !!float with 50k digits", "tier: starter\nlimits: {cpu: !!float \"" + "9".repeat(50_000)
                        + "\"}\n", 400, "$"),
                yaml("yaml 60,000 opening brackets", "[".repeat(60_000), 400, "$"),
                yaml("yaml list as a key, aliased", aliasedKey(), 400, "$"),
                yaml("yaml lone surrogate", "tier: starter\naccount: \"\\ud800\"\n", 422, "account"),
                yaml("yaml NUL character", "tier: starter\naccount: \"a\\0b\"\n", 422, "account"),
                Arguments.of("yaml invalid UTF-8 byte", YAML,
                        withBytes("tier: starter\naccount: ", new byte[] {(byte) 0xfe}, "\n"), 400, "$"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileBodiesGetASmallProblemNamingTheFieldAndWriteNothing(String reason, String type, byte[] body,
                                                                     int status, String field) {
        String name = "hostile";
        HttpResponse<String> response = operator.send(operator.request("/api/v1/instances/" + name)
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(response.statusCode()).as(reason).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(reason).contains("application/problem+json");
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).as(reason).isLessThan(SMALL_BODY);
        List<String> fields = errorFields(response.body());
        assertThat(fields).as(reason).anySatisfy(f -> assertThat(f).startsWith(field));
        assertThat(operator.get("/api/v1/instances/" + name).statusCode()).as(reason).isEqualTo(404);
    }
}
