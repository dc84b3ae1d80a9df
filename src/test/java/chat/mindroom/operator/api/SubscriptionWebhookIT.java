package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.errorFields;
import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.testing.RunningOperator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signed subscription intake through the real HTTP API and PostgreSQL. Signatures are computed
 * here with javax.crypto from the Standard Webhooks definition, not with the operator's own class.
 */
class SubscriptionWebhookIT {

    private static final byte[] OLD_KEY = bytes(32, 7);
    private static final byte[] NEW_KEY = bytes(32, 91);
    private static final String PATH = "/api/v1/webhooks/subscriptions";

    private static RunningOperator operator;
    private static int sequence;

    @BeforeAll
    static void start() {
        operator = RunningOperator.start(Map.of("operator.subscription-webhook-secret",
                secret(OLD_KEY) + ", " + secret(NEW_KEY)));
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static byte[] bytes(int length, int seed) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (seed * 31 + i * 17);
        }
        return key;
    }

    private static String secret(byte[] key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String signature(byte[] key, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    private static HttpResponse<String> post(String id, long timestamp, String signatureHeader, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(operator.uri(PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            request.header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", signatureHeader);
        }
        return operator.send(request.build());
    }

    private static HttpResponse<String> send(String id, String body) throws Exception {
        long now = Instant.now().getEpochSecond();
        return post(id, now, signature(NEW_KEY, id, now, body), body);
    }

    private static String event(String type, String instance, String subscription, String extra) {
        return "{\"type\":\"subscription." + type + "\",\"timestamp\":\"2026-12-04T17:00:00Z\",\"data\":{"
                + "\"subscriptionId\":\"" + subscription + "\",\"accountId\":\"acct_9\",\"instance\":\"" + instance
                + "\",\"tier\":\"starter\"" + extra + "}}";
    }

    private static String nextId() {
        return "msg_" + (++sequence) + "_" + System.nanoTime();
    }

    private static Map<String, Object> instance(String name) {
        return object(operator.get("/api/v1/instances/" + name).body());
    }

    private static List<Object> events(String name) {
        return list(object(operator.get("/api/v1/instances/" + name + "/events").body()).get("items"));
    }

    @Test
    void aSignedCreationWritesTheInstanceOnceAndARepeatChangesNothing() throws Exception {
        String id = nextId();
        String body = event("created", "signup-a", "sub_A1", ",\"limits\":{\"messagesPerDay\":900}");
        HttpResponse<String> created = send(id, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(object(created.body())).containsEntry("outcome", "created").containsEntry("instance", "signup-a");

        Map<String, Object> spec = map(instance("signup-a").get("spec"));
        assertThat(spec).containsEntry("tier", "starter").containsEntry("account", "acct_9")
                .containsEntry("subscriptionId", "sub_A1");
        assertThat(map(spec.get("limits"))).containsEntry("messagesPerDay", 900L);
        assertThat(map(events("signup-a").get(0))).containsEntry("reason", "Created")
                .containsEntry("actor", "webhook:subscriptions/" + id);

        // The sender's retry: same id, new timestamp and signature (signed with the old key this time).
        long later = Instant.now().getEpochSecond() + 3;
        HttpResponse<String> repeat = post(id, later, signature(OLD_KEY, id, later, body), body);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(object(repeat.body())).containsEntry("outcome", "duplicate");
        assertThat(instance("signup-a")).containsEntry("generation", 1L);
        assertThat(events("signup-a")).hasSize(1);
    }

    @Test
    void anUpdateChangesWhatTheEventCarriesAndKeepsWhatTheApiSet() throws Exception {
        assertThat(send(nextId(), event("created", "signup-b", "sub_B1", "")).statusCode()).isEqualTo(200);
        HttpResponse<String> put = operator.put("/api/v1/instances/signup-b", "{\"tier\":\"starter\",\"account\":"
                + "\"acct_9\",\"subscriptionId\":\"sub_B1\",\"logLevel\":\"debug\",\"suspended\":true}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        HttpResponse<String> updated = send(nextId(), event("updated", "signup-b", "sub_B1", "")
                .replace("\"starter\"", "\"professional\""));
        assertThat(object(updated.body())).as(updated.body()).containsEntry("outcome", "updated");
        Map<String, Object> spec = map(instance("signup-b").get("spec"));
        assertThat(spec).containsEntry("tier", "professional").containsEntry("logLevel", "debug")
                .containsEntry("suspended", true);
        assertThat((String) map(events("signup-b").get(0)).get("message")).contains("tier: starter -> professional");
    }

    @Test
    void badMissingOrStaleSignaturesAre401AndWriteNothing() throws Exception {
        String body = event("created", "signup-c", "sub_C1", "");
        long now = Instant.now().getEpochSecond();
        // Outside the 5-minute window by a margin: the operator reads its clock a moment (on a loaded
        // machine, seconds) after this test read its own, so "301 s ahead" can be 300 s by then.
        long stale = 5 * 60 + 60;
        String id = nextId();
        List<HttpResponse<String>> refused = List.of(
                post(id, now, signature(bytes(32, 1), id, now, body), body),
                post(id, now, signature(NEW_KEY, id, now, body.replace("starter", "enterprise")), body),
                post(id, now - stale, signature(NEW_KEY, id, now - stale, body), body),
                post(id, now + stale, signature(NEW_KEY, id, now + stale, body), body),
                post(null, now, null, body),
                operator.send(operator.request(PATH).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        assertThat(operator.get("/api/v1/instances/signup-c").statusCode()).isEqualTo(404);

        // Several signatures in one header (a sender rotating): one that matches is enough.
        String both = "v1,AAAA " + signature(bytes(32, 1), id, now, body) + " " + signature(NEW_KEY, id, now, body);
        assertThat(post(id, now, both, body).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefusedEventIsNotRecordedSoItsCorrectedResendIsApplied() throws Exception {
        String id = nextId();
        HttpResponse<String> invalid = send(id, event("created", "signup-d", "sub_D1",
                ",\"configOverrides\":{\"foo\":1},\"limits\":{\"storageGb\":0}"));
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);
        assertThat(errorFields(invalid.body())).containsExactlyInAnyOrder("data.configOverrides.foo",
                "data.limits.storageGb");
        HttpResponse<String> fixed = send(id, event("created", "signup-d", "sub_D1", ""));
        assertThat(object(fixed.body())).as(fixed.body()).containsEntry("outcome", "created");

        HttpResponse<String> shape = send(nextId(), "{\"type\":\"subscription.paused\",\"data\":{\"extra\":1}}");
        assertThat(shape.statusCode()).isEqualTo(422);
        assertThat(errorFields(shape.body())).contains("type", "timestamp", "data.extra", "data.subscriptionId",
                "data.instance");
    }

    @Test
    void subscriptionsCannotTakeOverEachOthersInstances() throws Exception {
        assertThat(send(nextId(), event("created", "signup-e", "sub_E1", "")).statusCode()).isEqualTo(200);

        HttpResponse<String> foreign = send(nextId(), event("updated", "signup-e", "sub_OTHER", ""));
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(409);
        assertThat(errorFields(foreign.body())).containsExactly("data.subscriptionId");
        HttpResponse<String> foreignCancel = send(nextId(), event("canceled", "signup-e", "sub_OTHER", ""));
        assertThat(foreignCancel.statusCode()).isEqualTo(409);

        HttpResponse<String> second = send(nextId(), event("created", "signup-e2", "sub_E1", ""));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(errorFields(second.body())).containsExactly("subscriptionId");
        assertThat(object(second.body()).get("detail").toString()).contains("signup-e");
        assertThat(instance("signup-e").get("deletionRequestedAt")).isNull();
    }

    @Test
    void aCancellationRequestsDeletionOnce() throws Exception {
        assertThat(send(nextId(), event("created", "signup-f", "sub_F1", "")).statusCode()).isEqualTo(200);
        HttpResponse<String> canceled = send(nextId(), "{\"type\":\"subscription.canceled\",\"timestamp\":"
                + "\"2026-12-04T17:00:00Z\",\"data\":{\"subscriptionId\":\"sub_F1\",\"instance\":\"signup-f\"}}");
        assertThat(object(canceled.body())).as(canceled.body()).containsEntry("outcome", "deletion-requested");
        assertThat(instance("signup-f").get("deletionRequestedAt")).isNotNull();
        assertThat(map(events("signup-f").get(0))).containsEntry("reason", "DeletionRequested");

        assertThat(object(send(nextId(), event("canceled", "signup-f", "sub_F1", "")).body()))
                .containsEntry("outcome", "already-deleting");
        assertThat(object(send(nextId(), event("canceled", "never-made", "sub_F2", "")).body()))
                .containsEntry("outcome", "absent");
        // The canceled subscription's id is free for a new live instance.
        assertThat(object(send(nextId(), event("created", "signup-f2", "sub_F1", "")).body()))
                .containsEntry("outcome", "created");
    }

    @Test
    void concurrentDeliveriesOfOneIdActOnce() throws Exception {
        String id = nextId();
        String body = event("created", "signup-g", "sub_G1", "");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sent.add(pool.submit(() -> send(id, body)));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<HttpResponse<String>> response : sent) {
                outcomes.add(object(response.get().body()).get("outcome"));
            }
            assertThat(outcomes).containsOnly("created", "duplicate").containsOnlyOnce("created");
        } finally {
            pool.shutdownNow();
        }
        assertThat(events("signup-g")).hasSize(1);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAnythingIsRead() throws Exception {
        String body = event("created", "signup-h", "sub_H1", ",\"configOverrides\":{\"defaults\":{\"x\":\""
                + "y".repeat(70_000) + "\"}}");
        assertThat(send(nextId(), body).statusCode()).isEqualTo(413);
    }

    @Test
    void withoutASecretTheIntakeIsUnavailableAndABadSecretStopsStartup() throws Exception {
        try (RunningOperator plain = RunningOperator.start()) {
            HttpResponse<String> response = plain.send(HttpRequest.newBuilder(plain.uri(PATH))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("OPERATOR_SUBSCRIPTION_WEBHOOK_SECRET");
        }
        assertThatThrownBy(() -> RunningOperator.start(Map.of("operator.subscription-webhook-secret", "hunter2")))
                .hasStackTraceContaining("OPERATOR_SUBSCRIPTION_WEBHOOK_SECRET")
                .hasStackTraceContaining("whsec_");
    }
}
