package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.errorFields;
import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.testing.RunningOperator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstanceApiIT {

    private static RunningOperator operator;

    @BeforeAll
    static void start() {
        operator = RunningOperator.start();
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static int eventCount(String name) {
        HttpResponse<String> events = operator.get("/api/v1/instances/" + name + "/events?limit=1000");
        return events.statusCode() == 404 ? 0 : list(object(events.body()).get("items")).size();
    }

    private static long rowCount() {
        return operator.context().getBean(org.jdbi.v3.core.Jdbi.class)
                .withHandle(h -> h.createQuery("SELECT count(*) FROM instances").mapTo(Long.class).one());
    }

    @Test
    void createReadReplaceDeleteWithEtags() {
        HttpResponse<String> created = operator.put("/api/v1/instances/acme",
                "{\"tier\":\"professional\",\"account\":\"acc_456\",\"limits\":{\"memoryMb\":3072},"
                        + "\"matrix\":{\"enabled\":true,\"server\":\"tuwunel\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/instances/acme");
        String etag = created.headers().firstValue("ETag").orElseThrow();
        Map<String, Object> body = object(created.body());
        assertThat(body.get("generation")).isEqualTo(1L);
        assertThat(etag).isEqualTo("\"" + body.get("resourceVersion") + "\"");
        assertThat(map(body.get("spec"))).containsEntry("tier", "professional").containsEntry("account", "acc_456");
        assertThat(map(map(body.get("spec")).get("limits"))).containsEntry("memoryMb", 3072L);
        assertThat(map(body.get("status"))).containsEntry("phase", "Pending");

        HttpResponse<String> read = operator.get("/api/v1/instances/acme");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).contains(etag);

        // The same spec again, written differently, is a no-op.
        HttpResponse<String> same = operator.put("/api/v1/instances/acme",
                "{\"matrix\":{\"enabled\":true},\"limits\":{\"memoryMb\":3072.0},\"account\":\"acc_456\","
                        + "\"tier\":\"professional\",\"suspended\":false,\"release\":null}");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(object(same.body()).get("generation")).isEqualTo(1L);
        assertThat(same.headers().firstValue("ETag")).contains(etag);
        assertThat(eventCount("acme")).isEqualTo(1);

        HttpResponse<String> replaced = operator.send(operator.request("/api/v1/instances/acme")
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"enterprise\",\"account\":\"acc_456\"}")).build());
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(object(replaced.body()).get("generation")).isEqualTo(2L);
        String newEtag = replaced.headers().firstValue("ETag").orElseThrow();
        assertThat(newEtag).isNotEqualTo(etag);

        HttpResponse<String> stale = operator.send(operator.request("/api/v1/instances/acme")
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"free\"}")).build());
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(map(object(operator.get("/api/v1/instances/acme").body()).get("spec")))
                .containsEntry("tier", "enterprise");

        HttpResponse<String> createOnly = operator.send(operator.request("/api/v1/instances/acme")
                .header("Content-Type", "application/json").header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"free\"}")).build());
        assertThat(createOnly.statusCode()).isEqualTo(412);

        List<Object> events = list(object(operator.get("/api/v1/instances/acme/events").body()).get("items"));
        assertThat(events).extracting(e -> map(e).get("reason")).containsExactly("SpecChanged", "Created");
        assertThat((String) map(events.get(0)).get("message")).contains("tier: professional -> enterprise");
        assertThat(map(events.get(0)).get("actor")).isEqualTo("ci");

        HttpResponse<String> deleted = operator.delete("/api/v1/instances/acme");
        assertThat(deleted.statusCode()).isEqualTo(202);
        Object tombstone = object(deleted.body()).get("deletionRequestedAt");
        assertThat(tombstone).isNotNull();
        HttpResponse<String> again = operator.delete("/api/v1/instances/acme");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(object(again.body()).get("deletionRequestedAt")).isEqualTo(tombstone);
        assertThat(eventCount("acme")).isEqualTo(3);

        HttpResponse<String> afterTombstone = operator.put("/api/v1/instances/acme", "{\"tier\":\"free\"}");
        assertThat(afterTombstone.statusCode()).isEqualTo(409);
        assertThat(operator.delete("/api/v1/instances/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void reconcileRequestIsRecordedWithoutChangingTheSpec() {
        operator.put("/api/v1/instances/repairme", "{\"tier\":\"starter\"}");
        HttpResponse<String> requested = operator.send(operator.request("/api/v1/instances/repairme/reconcile")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(requested.statusCode()).isEqualTo(202);
        Map<String, Object> body = object(requested.body());
        assertThat(body.get("reconcileRequestedAt")).isNotNull();
        assertThat(body.get("generation")).isEqualTo(1L);
        assertThat(operator.send(operator.request("/api/v1/instances/nobody/reconcile")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(404);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("name with capitals", "Bad-Name", "{\"tier\":\"free\"}", List.of("name")),
                Arguments.of("name too short", "ab", "{\"tier\":\"free\"}", List.of("name")),
                Arguments.of("name ending in a hyphen", "abc-", "{\"tier\":\"free\"}", List.of("name")),
                Arguments.of("tier missing", "valid", "{}", List.of("tier")),
                Arguments.of("unknown tier", "valid", "{\"tier\":\"gold\"}", List.of("tier")),
                Arguments.of("tier of the wrong type", "valid", "{\"tier\":3}", List.of("tier")),
                Arguments.of("unknown top-level field", "valid", "{\"tier\":\"free\",\"color\":\"red\"}",
                        List.of("color")),
                Arguments.of("memory below 64 MB", "valid", "{\"tier\":\"free\",\"limits\":{\"memoryMb\":63}}",
                        List.of("limits.memoryMb")),
                Arguments.of("memory above 65536 MB", "valid",
                        "{\"tier\":\"free\",\"limits\":{\"memoryMb\":65537}}", List.of("limits.memoryMb")),
                Arguments.of("memory not whole", "valid", "{\"tier\":\"free\",\"limits\":{\"memoryMb\":100.5}}",
                        List.of("limits.memoryMb")),
                Arguments.of("cpu below 0.05", "valid", "{\"tier\":\"free\",\"limits\":{\"cpu\":0.04}}",
                        List.of("limits.cpu")),
                Arguments.of("cpu above 64", "valid", "{\"tier\":\"free\",\"limits\":{\"cpu\":65}}",
                        List.of("limits.cpu")),
                Arguments.of("cpu as a string", "valid", "{\"tier\":\"free\",\"limits\":{\"cpu\":\"1\"}}",
                        List.of("limits.cpu")),
                Arguments.of("unknown limit", "valid", "{\"tier\":\"free\",\"limits\":{\"disk\":1}}",
                        List.of("limits.disk")),
                Arguments.of("unknown matrix server", "valid",
                        "{\"tier\":\"free\",\"matrix\":{\"enabled\":true,\"server\":\"dendrite\"}}",
                        List.of("matrix.server")),
                Arguments.of("matrix enabled not a boolean", "valid",
                        "{\"tier\":\"free\",\"matrix\":{\"enabled\":\"yes\"}}", List.of("matrix.enabled")),
                Arguments.of("custom domains on a tier without them", "valid",
                        "{\"tier\":\"professional\",\"domains\":[\"chat.acme.com\"]}", List.of("domains")),
                Arguments.of("invalid DNS name", "valid",
                        "{\"tier\":\"enterprise\",\"domains\":[\"bad_domain!.com\"]}", List.of("domains[0]")),
                Arguments.of("single-label domain", "valid", "{\"tier\":\"enterprise\",\"domains\":[\"localhost\"]}",
                        List.of("domains[0]")),
                Arguments.of("domain inside the base domain", "valid",
                        "{\"tier\":\"enterprise\",\"domains\":[\"evil.mindroom.test\"]}", List.of("domains[0]")),
                Arguments.of("duplicate domain", "valid",
                        "{\"tier\":\"enterprise\",\"domains\":[\"a.example.com\",\"A.example.com\"]}",
                        List.of("domains[1]")),
                Arguments.of("domain label too long", "valid",
                        "{\"tier\":\"enterprise\",\"domains\":[\"" + "a".repeat(64) + ".com\"]}",
                        List.of("domains[0]")),
                Arguments.of("release with a shell word", "valid", "{\"tier\":\"free\",\"release\":\"v1;rm -rf\"}",
                        List.of("release")),
                Arguments.of("release starting with a hyphen", "valid", "{\"tier\":\"free\",\"release\":\"--force\"}",
                        List.of("release")),
                Arguments.of("suspended not a boolean", "valid", "{\"tier\":\"free\",\"suspended\":1}",
                        List.of("suspended")),
                Arguments.of("account with a newline", "valid", "{\"tier\":\"free\",\"account\":\"a\\nb\"}",
                        List.of("account")),
                Arguments.of("body not an object", "valid", "[\"free\"]", List.of("$")),
                Arguments.of("every failing field at once", "Nope",
                        "{\"tier\":\"gold\",\"limits\":{\"memoryMb\":1,\"cpu\":100},\"matrix\":{\"server\":\"x\"},"
                                + "\"domains\":[\"x\"],\"backupOnDelete\":\"no\",\"extra\":true}",
                        List.of("name", "extra", "tier", "limits.memoryMb", "limits.cpu", "matrix.server",
                                "domains[0]", "backupOnDelete")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void rejectsInvalidSpecsListingEveryFailingFieldAndWritesNothing(String reason, String name, String json,
                                                                      List<String> fields) {
        long rowsBefore = rowCount();
        HttpResponse<String> response = operator.put("/api/v1/instances/" + name, json);
        assertThat(response.statusCode()).as(reason).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(object(response.body())).containsEntry("type", "https://mindroom.chat/problems/validation-failed");
        assertThat(errorFields(response.body())).as(reason).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(rowCount()).isEqualTo(rowsBefore);
    }

    @Test
    void limitViolationsStateTheBounds() {
        HttpResponse<String> response = operator.put("/api/v1/instances/bounds",
                "{\"tier\":\"free\",\"limits\":{\"memoryMb\":32,\"cpu\":100}}");
        assertThat(response.body()).contains("between 64 and 65536 MB, got 32").contains("between 0.05 and 64 CPUs, got 100");
    }

    @Test
    void aRejectedReplaceLeavesTheExistingRecordAndTrailUntouched() {
        operator.put("/api/v1/instances/keeper", "{\"tier\":\"starter\"}");
        HttpResponse<String> rejected = operator.put("/api/v1/instances/keeper",
                "{\"tier\":\"starter\",\"limits\":{\"memoryMb\":1}}");
        assertThat(rejected.statusCode()).isEqualTo(422);
        Map<String, Object> after = object(operator.get("/api/v1/instances/keeper").body());
        assertThat(after.get("generation")).isEqualTo(1L);
        assertThat(map(map(after.get("spec")).get("limits"))).isEmpty();
        assertThat(eventCount("keeper")).isEqualTo(1);
    }

    @Test
    void customDomainsAreUniqueAcrossInstances() {
        assertThat(operator.put("/api/v1/instances/first", "{\"tier\":\"enterprise\",\"domains\":[\"chat.first.com\"]}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> clash = operator.put("/api/v1/instances/second",
                "{\"tier\":\"enterprise\",\"domains\":[\"ok.second.com\",\"Chat.First.com\"]}");
        assertThat(clash.statusCode()).isEqualTo(422);
        assertThat(errorFields(clash.body())).containsExactly("domains[1]");
        assertThat(clash.body()).contains("already used by instance first");
        assertThat(operator.get("/api/v1/instances/second").statusCode()).isEqualTo(404);
        // The owner itself may keep writing the domain.
        assertThat(operator.put("/api/v1/instances/first",
                "{\"tier\":\"enterprise\",\"domains\":[\"chat.first.com\",\"www.first.com\"]}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void malformedBodiesAreBadRequestsAndWriteNothing() {
        long before = rowCount();
        HttpResponse<String> broken = operator.put("/api/v1/instances/broken", "{\"tier\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(object(broken.body())).containsEntry("type", "https://mindroom.chat/problems/malformed-body");
        HttpResponse<String> duplicateKey = operator.put("/api/v1/instances/broken", "{\"tier\":\"free\",\"tier\":\"starter\"}");
        assertThat(duplicateKey.statusCode()).isEqualTo(400);
        HttpResponse<String> empty = operator.put("/api/v1/instances/broken", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        HttpResponse<String> text = operator.send(operator.request("/api/v1/instances/broken")
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("tier=free")).build());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void bodiesOver64KiBAreRefused() {
        String padding = " ".repeat(70 * 1024);
        HttpResponse<String> response = operator.put("/api/v1/instances/huge", "{\"tier\":\"free\"" + padding + "}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(operator.get("/api/v1/instances/huge").statusCode()).isEqualTo(404);
        // Just under the limit is fine.
        String fits = "{\"tier\":\"free\"" + " ".repeat(60 * 1024) + "}";
        assertThat(operator.put("/api/v1/instances/huge", fits).statusCode()).isEqualTo(201);
    }

    @Test
    void yamlInAndOut() {
        String yaml = """
                tier: enterprise
                account: acc_yaml
                limits:
                  cpu: 2.5
                matrix:
                  enabled: true
                  server: synapse
                domains:
                  - chat.yaml-co.com
                """;
        HttpResponse<String> created = operator.send(operator.request("/api/v1/instances/yamlco")
                .header("Content-Type", "application/yaml").header("Accept", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml)).build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).contains("application/yaml");
        Map<String, Object> doc = map(YamlDocument.parse(created.body()));
        Map<String, Object> spec = map(doc.get("spec"));
        assertThat(spec).containsEntry("tier", "enterprise").containsEntry("domains", List.of("chat.yaml-co.com"));
        assertThat(map(spec.get("matrix"))).containsEntry("server", "synapse").containsEntry("enabled", true);

        HttpResponse<String> asJson = operator.get("/api/v1/instances/yamlco");
        assertThat(asJson.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(map(map(object(asJson.body()).get("spec")).get("limits")).get("cpu").toString()).isEqualTo("2.5");

        HttpResponse<String> listYaml = operator.send(operator.request("/api/v1/instances?tier=enterprise")
                .header("Accept", "application/yaml").GET().build());
        assertThat(listYaml.headers().firstValue("Content-Type")).contains("application/yaml");
        assertThat(list(map(YamlDocument.parse(listYaml.body())).get("items"))).isNotEmpty();

        HttpResponse<String> badYaml = operator.send(operator.request("/api/v1/instances/yamlco")
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString("tier: [unclosed")).build());
        assertThat(badYaml.statusCode()).isEqualTo(400);
        HttpResponse<String> javaTag = operator.send(operator.request("/api/v1/instances/yamlco")
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString("tier: !!java.io.File /etc/passwd")).build());
        assertThat(javaTag.statusCode()).isEqualTo(400);
    }

    @Test
    void listsWithCursorPaginationAndFilters() {
        RunningOperator own = RunningOperator.start();
        try {
            for (int i = 0; i < 7; i++) {
                own.put("/api/v1/instances/page-" + i, "{\"tier\":\"" + (i < 3 ? "free" : "starter") + "\"}");
            }
            List<String> names = new ArrayList<>();
            String path = "/api/v1/instances?limit=3";
            int pages = 0;
            while (path != null) {
                Map<String, Object> page = object(own.get(path).body());
                list(page.get("items")).forEach(i -> names.add((String) map(i).get("name")));
                pages++;
                Object cursor = page.get("nextCursor");
                path = cursor == null ? null : "/api/v1/instances?limit=3&cursor=" + cursor;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(names).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4", "page-5", "page-6");

            assertThat(list(object(own.get("/api/v1/instances?tier=free").body()).get("items"))).hasSize(3);
            assertThat(list(object(own.get("/api/v1/instances?phase=Pending").body()).get("items"))).hasSize(7);
            assertThat(list(object(own.get("/api/v1/instances?phase=Ready").body()).get("items"))).isEmpty();
            assertThat(own.get("/api/v1/instances?phase=Happy").statusCode()).isEqualTo(400);
            assertThat(own.get("/api/v1/instances?limit=0").statusCode()).isEqualTo(400);
            assertThat(own.get("/api/v1/instances?limit=5000").statusCode()).isEqualTo(400);
            assertThat(own.get("/api/v1/instances?cursor=%25%25").statusCode()).isEqualTo(400);
        } finally {
            own.close();
        }
    }

    @Test
    void eventsAreNewestFirstAndPaged() {
        operator.put("/api/v1/instances/trail", "{\"tier\":\"free\"}");
        operator.put("/api/v1/instances/trail", "{\"tier\":\"starter\"}");
        operator.put("/api/v1/instances/trail", "{\"tier\":\"professional\"}");
        Map<String, Object> first = object(operator.get("/api/v1/instances/trail/events?limit=2").body());
        List<Object> items = list(first.get("items"));
        assertThat(items).extracting(e -> map(e).get("generation")).containsExactly(3L, 2L);
        Map<String, Object> second = object(operator.get("/api/v1/instances/trail/events?limit=2&before="
                + first.get("nextCursor")).body());
        assertThat(list(second.get("items"))).extracting(e -> map(e).get("reason")).containsExactly("Created");
        assertThat(second.get("nextCursor")).isNull();
        assertThat(operator.get("/api/v1/instances/nobody/events").statusCode()).isEqualTo(404);
    }

    @Test
    void authNeedsATokenAndTheWriteScopeToWrite() {
        HttpResponse<String> none = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances")).GET().build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");

        HttpResponse<String> wrong = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances"))
                .header("Authorization", "Bearer not-a-real-token-at-all").GET().build());
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> readList = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances"))
                .header("Authorization", "Bearer " + RunningOperator.READ_TOKEN).GET().build());
        assertThat(readList.statusCode()).isEqualTo(200);

        long before = rowCount();
        HttpResponse<String> readWrite = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances/viewer-made"))
                .header("Authorization", "Bearer " + RunningOperator.READ_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"free\"}")).build());
        assertThat(readWrite.statusCode()).isEqualTo(403);
        assertThat(rowCount()).isEqualTo(before);

        HttpResponse<String> unauthenticatedWrite = operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances/anon"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"free\"}")).build());
        assertThat(unauthenticatedWrite.statusCode()).isEqualTo(401);
        assertThat(rowCount()).isEqualTo(before);

        // Health and metrics stay open.
        assertThat(operator.send(HttpRequest.newBuilder(operator.uri("/health")).GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = operator.send(HttpRequest.newBuilder(operator.uri("/prometheus")).GET().build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void unknownRoutesAndMethodsAnswerWithProblems() {
        HttpResponse<String> unknown = operator.get("/api/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        HttpResponse<String> method = operator.send(operator.request("/api/v1/instances").DELETE().build());
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
}
