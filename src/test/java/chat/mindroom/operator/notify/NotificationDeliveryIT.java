package chat.mindroom.operator.notify;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import chat.mindroom.operator.testing.WebhookReceiver;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status notifications reach a real HTTP receiver, signed (checked with the receiver's own HMAC
 * code), in order per instance, through a receiver that is down and then up, across an operator
 * restart; a 410 stops an endpoint until a notification is re-sent to it.
 */
class NotificationDeliveryIT {

    private static final String SECRET = secret((byte) 7);
    private static final String READY_SECRET = secret((byte) 9);

    private Fleet fleet;
    private WebhookReceiver receiver;
    private RunningOperator operator;
    private SandboxServer sandbox;

    private static String secret(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    @BeforeEach
    void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 10);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        receiver.close();
        fleet.close();
    }

    private RunningOperator operator(JdbcTarget db) throws IOException {
        Path file = Files.createTempFile("notify", ".yaml");
        Files.writeString(file, "endpoints:\n  - name: ready-only\n    url: " + receiver.url("/ready") + "\n"
                + "    secret: " + READY_SECRET + "\n    types: [instance.ready]\n");
        Map<String, Object> props = new HashMap<>();
        props.put("operator.notify.url", receiver.url("/all"));
        props.put("operator.notify.secret", SECRET);
        props.put("operator.notify.file", file.toString());
        props.put("operator.notify.poll-interval", "100ms");
        props.put("operator.notify.backoff-base", "200ms");
        props.put("operator.notify.backoff-max", "1s");
        return fleet.operator(db, true, props);
    }

    private List<Map<String, Object>> notifications(String instance) {
        return list(object(operator.get("/api/v1/notifications?instance=" + instance + "&limit=500").body()
                .toString()).get("items")).stream().map(n -> map(n)).toList();
    }

    private static List<String> states(Map<String, Object> notification) {
        return list(notification.get("deliveries")).stream().map(d -> (String) map(d).get("state")).toList();
    }

    private boolean allSent(String instance) {
        List<Map<String, Object>> all = notifications(instance);
        return !all.isEmpty() && all.stream().allMatch(n -> states(n).stream().allMatch("sent"::equals));
    }

    private boolean ready(String instance) {
        return "Ready".equals(map(object(operator.get("/api/v1/instances/" + instance).body()).get("status"))
                .get("phase"));
    }

    /** Data of the received notifications at {@code path} whose answer was 2xx, in arrival order. */
    private List<Map<String, Object>> delivered(String path) {
        return receiver.received(path).stream().filter(r -> r.answered() == 200).map(r -> object(r.body())).toList();
    }

    @Test
    void aReceiverDownThenUpGetsEveryNotificationSignedInOrderWithStableIds() throws Exception {
        receiver.down();
        operator = operator(TestDatabase.fresh());
        assertThat(operator.put("/api/v1/instances/acme",
                "{\"tier\":\"starter\",\"account\":\"acc_1\",\"subscriptionId\":\"sub_1\"}").statusCode())
                .isEqualTo(201);
        Await.until("acme Ready", () -> ready("acme"));
        Await.until("connection refused twice", () -> notifications("acme").stream().anyMatch(n ->
                list(n.get("deliveries")).stream().anyMatch(d -> list(map(d).get("attempts")).size() >= 2)));

        receiver.up();
        receiver.answer("/all", 503);
        Await.until("two 503s", () -> receiver.received("/all").size() >= 2);
        receiver.answer("/all", 200);
        HttpRequest backup = operator.request("/api/v1/instances/acme/backups")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(operator.send(backup).statusCode()).isEqualTo(202);
        Await.until("the backup told", () -> delivered("/all").stream()
                .anyMatch(p -> p.get("type").equals("instance.backup.completed")));
        Await.until("every notification sent", () -> allSent("acme"));

        List<Map<String, Object>> sent = delivered("/all");
        List<Long> sequences = sent.stream().map(p -> ((Number) map(p.get("data")).get("sequence")).longValue())
                .toList();
        assertThat(sequences).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(sent.stream().map(p -> (String) p.get("type")).toList())
                .startsWith("instance.phase.changed").contains("instance.ready")
                .endsWith("instance.backup.completed");
        Map<String, Object> backupData = map(sent.get(sent.size() - 1).get("data"));
        assertThat(backupData).containsEntry("instance", "acme").containsKeys("backupId", "sizeBytes", "parts");
        Map<String, Object> readyData = map(sent.stream().filter(p -> p.get("type").equals("instance.ready"))
                .findFirst().orElseThrow().get("data"));
        assertThat(readyData).containsEntry("instance", "acme").containsEntry("account", "acc_1")
                .containsEntry("subscriptionId", "sub_1");
        assertThat(list(readyData.get("urls"))).contains("https://acme.mindroom.test");
        assertThat(receiver.received("/all")).allSatisfy(r -> assertThat(WebhookReceiver.signedBy(r, SECRET)).isTrue());
        // Retries reuse the webhook-id: the 503-answered message came again under the same id.
        Set<String> refused = new LinkedHashSet<>();
        receiver.received("/all").stream().filter(r -> r.answered() == 503).forEach(r -> refused.add(r.id()));
        assertThat(receiver.received("/all").stream().filter(r -> r.answered() == 200).map(r -> r.id()))
                .containsAll(refused).doesNotHaveDuplicates();

        List<WebhookReceiver.Received> readyOnly = receiver.received("/ready");
        assertThat(readyOnly).isNotEmpty().allSatisfy(r -> {
            assertThat(object(r.body())).containsEntry("type", "instance.ready");
            assertThat(WebhookReceiver.signedBy(r, READY_SECRET)).isTrue();
            assertThat(WebhookReceiver.signedBy(r, SECRET)).isFalse();
        });
        String listing = operator.get("/api/v1/notifications?instance=acme").body();
        assertThat(listing).doesNotContain(SECRET.substring(6)).doesNotContain(READY_SECRET.substring(6));
        assertThat(operator.get("/prometheus").body())
                .containsPattern("mindroom_notifications_sent_total\\{endpoint=\"default\"\\} [1-9]")
                .containsPattern("mindroom_notifications_failed_total\\{endpoint=\"default\",outcome=\"retry\"\\} [1-9]");
    }

    @Test
    void driftRepairedBehindTheOperatorsBackIsNotified() throws Exception {
        operator = operator(TestDatabase.fresh());
        assertThat(operator.put("/api/v1/instances/drift", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        Await.until("drift Ready and told", () -> ready("drift") && allSent("drift"));
        try (RawSsh ssh = new RawSsh(sandbox)) {
            assertThat(ssh.exec("resource:limit --memory 1g mr-drift-backend").exit()).isZero();
        }
        HttpRequest repair = operator.request("/api/v1/instances/drift/reconcile")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(operator.send(repair).statusCode()).isEqualTo(202);
        Await.until("drift repaired and told", () -> delivered("/all").stream()
                .anyMatch(p -> p.get("type").equals("instance.drift.repaired")));
        assertThat(delivered("/all").stream().filter(p -> p.get("type").equals("instance.drift.repaired"))).hasSize(1);
        Map<String, Object> data = map(delivered("/all").stream()
                .filter(p -> p.get("type").equals("instance.drift.repaired")).findFirst().orElseThrow().get("data"));
        assertThat(data).containsEntry("instance", "drift");
        assertThat(list(data.get("fields"))).contains("limits");
        assertThat(receiver.received("/ready").stream().map(r -> (String) object(r.body()).get("type")))
                .containsOnly("instance.ready");
    }

    @Test
    void aReceiverThatAnswers410GetsNothingMoreUntilAResend() throws Exception {
        receiver.answer("/all", 410);
        operator = operator(TestDatabase.fresh());
        assertThat(operator.put("/api/v1/instances/gone", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        Await.until("gone Ready", () -> ready("gone"));
        Await.until("the endpoint stopped", () -> notifications("gone").stream().anyMatch(n ->
                states(n).contains("stopped")));
        int asked = receiver.received("/all").size();
        assertThat(receiver.received("/all")).allSatisfy(r -> assertThat(r.answered()).isEqualTo(410));
        assertThat(operator.delete("/api/v1/instances/gone").statusCode()).isEqualTo(202);
        Await.until("gone purged", () -> notifications("gone").stream().anyMatch(n ->
                n.get("type").equals("instance.purged")));
        Map<String, Object> deleted = notifications("gone").stream().filter(n -> n.get("type").equals("instance.deleted"))
                .findFirst().orElseThrow();
        assertThat(list(deleted.get("deliveries"))).isEmpty();
        assertThat(receiver.received("/all")).hasSize(asked);
        Await.until("metric shows the stopped endpoint", () -> operator.get("/prometheus").body()
                .contains("mindroom_notification_endpoints_stopped 1.0"));

        receiver.answer("/all", 200);
        HttpRequest resend = operator.request("/api/v1/notifications/" + deleted.get("id") + "/resend")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(operator.send(resend).statusCode()).isEqualTo(202);
        Await.until("the re-sent notification arrives", () -> delivered("/all").stream()
                .anyMatch(p -> p.get("type").equals("instance.deleted")));
        assertThat(receiver.received("/all").get(receiver.received("/all").size() - 1).id())
                .isEqualTo(deleted.get("id"));
        HttpRequest unknown = operator.request("/api/v1/notifications/msg_00000000000000000000000000000000/resend")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(operator.send(unknown).statusCode()).isEqualTo(404);
        HttpRequest reader = HttpRequest.newBuilder(operator.uri("/api/v1/notifications/" + deleted.get("id")
                        + "/resend")).header("Authorization", "Bearer " + RunningOperator.READ_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(operator.send(reader).statusCode()).isEqualTo(403);
    }

    @Test
    void pendingNotificationsSurviveARestartOfTheOperator() throws Exception {
        receiver.answer("/all", 503);
        JdbcTarget db = TestDatabase.fresh();
        operator = operator(db);
        assertThat(operator.put("/api/v1/instances/keep", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(201);
        Await.until("keep Ready", () -> ready("keep"));
        Await.until("a refused attempt", () -> !receiver.received("/all").isEmpty());
        List<Object> pending = notifications("keep").stream().map(n -> n.get("id")).toList();
        operator.close();
        operator = null;

        receiver.answer("/all", 200);
        operator = operator(db);
        Await.until("every notification sent after the restart", () -> allSent("keep"));
        List<String> ids = receiver.received("/all").stream().filter(r -> r.answered() == 200).map(r -> r.id()).toList();
        assertThat(ids).containsAll(pending.stream().map(String::valueOf).toList());
        assertThat(delivered("/all").stream().map(p -> ((Number) map(p.get("data")).get("sequence")).longValue())
                .toList()).isSortedAccordingTo(Long::compare);
    }
}
