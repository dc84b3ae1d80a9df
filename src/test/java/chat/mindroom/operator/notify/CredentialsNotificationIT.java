package chat.mindroom.operator.notify;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.ReceiverKeys;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import chat.mindroom.operator.testing.WebhookReceiver;
import chat.mindroom.operator.webhook.WebhookSignature;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The credentials reach the endpoint that holds a key, encrypted for it (opened here with Nimbus JOSE
 * and the receiver's private key), once provisioning finished and after each rotation; an endpoint
 * without a key never gets them; the notifications listing shows only the JWE.
 */
class CredentialsNotificationIT {

    private static final String SECRETS_TOKEN = "secrets-token-0123456789abcdef";
    private static final String PLATFORM_SECRET = WebhookSignature.newSecret();
    private static final String PLAIN_SECRET = WebhookSignature.newSecret();

    private final ReceiverKeys keys = ReceiverKeys.generate(2048);
    private Fleet fleet;
    private WebhookReceiver receiver;
    private RunningOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        fleet.close();
    }

    private RunningOperator operator() throws Exception {
        Path file = Files.createTempFile("notify", ".yaml");
        Files.writeString(file, "endpoints:\n"
                + "  - name: platform\n    url: " + receiver.url("/platform") + "\n    secret: " + PLATFORM_SECRET + "\n"
                + "    credentialsKey: |\n" + keys.publicPem().lines().map(l -> "      " + l + "\n")
                .reduce("", String::concat)
                + "  - name: plain\n    url: " + receiver.url("/plain") + "\n    secret: " + PLAIN_SECRET + "\n");
        Map<String, Object> props = new HashMap<>();
        props.put("operator.notify.file", file.toString());
        props.put("operator.notify.poll-interval", "100ms");
        props.put("operator.api-tokens", "ci:write:" + RunningOperator.WRITE_TOKEN + ",viewer:read:"
                + RunningOperator.READ_TOKEN + ",platform:secrets:" + SECRETS_TOKEN);
        return fleet.operator(TestDatabase.fresh(), true, props);
    }

    private HttpResponse<String> secrets(String method, String path) {
        return operator.send(HttpRequest.newBuilder(operator.uri(path)).header("Authorization", "Bearer " + SECRETS_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> rotate(String idempotencyKey) {
        return operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances/acme/credentials/adminPassword/rotate"))
                .header("Authorization", "Bearer " + SECRETS_TOKEN).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private List<Map<String, Object>> credentialsAt(String path) {
        return receiver.received(path).stream().filter(r -> r.answered() == 200).map(r -> object(r.body()))
                .filter(p -> p.get("type").equals("instance.credentials")).toList();
    }

    private Map<String, Object> opened(Map<String, Object> payload) {
        return object(keys.open((String) map(payload.get("data")).get("credentials")));
    }

    @Test
    void theKeyHolderGetsTheInitialAndRotatedCredentialsAndNobodyElseSeesThem() throws Exception {
        fleet = new Fleet();
        fleet.sandbox("dokku-1", 10);
        receiver = new WebhookReceiver();
        operator = operator();
        assertThat(operator.put("/api/v1/instances/acme", "{\"tier\":\"starter\",\"account\":\"acc_1\"}").statusCode())
                .isEqualTo(201);
        Await.until("the initial credentials delivered", () -> !credentialsAt("/platform").isEmpty());

        Map<String, Object> handedOver = map(object(secrets("GET", "/api/v1/instances/acme/credentials").body())
                .get("credentials"));
        String password = (String) handedOver.get("adminPassword");
        assertThat(password).isNotBlank();
        Map<String, Object> initial = credentialsAt("/platform").get(0);
        Map<String, Object> data = map(initial.get("data"));
        assertThat(data).containsEntry("instance", "acme").containsEntry("account", "acc_1")
                .containsEntry("reason", "initial").containsEntry("keys", List.of("adminPassword"));
        assertThat(opened(initial)).isEqualTo(handedOver);
        assertThat(receiver.received("/platform")).allSatisfy(r -> assertThat(WebhookReceiver.signedBy(r, PLATFORM_SECRET))
                .isTrue());
        assertThat(receiver.received("/platform").stream().map(r -> r.body())).noneMatch(b -> b.contains(password));

        Await.until("the plain endpoint told of Ready", () -> receiver.received("/plain").stream()
                .anyMatch(r -> object(r.body()).get("type").equals("instance.ready")));
        assertThat(credentialsAt("/plain")).as("no key, no credentials").isEmpty();

        HttpResponse<String> rotated = rotate("rotate-1");
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newPassword = (String) object(rotated.body()).get("value");
        HttpResponse<String> retried = rotate("rotate-1");
        assertThat(object(retried.body())).containsEntry("replayed", true).containsEntry("value", newPassword);
        Await.until("the rotated credentials delivered", () -> credentialsAt("/platform").size() == 2);
        Map<String, Object> second = credentialsAt("/platform").get(1);
        assertThat(map(second.get("data"))).containsEntry("reason", "rotated")
                .containsEntry("keys", List.of("adminPassword"));
        assertThat(opened(second)).containsEntry("adminPassword", newPassword).isEqualTo(
                map(object(secrets("GET", "/api/v1/instances/acme/credentials").body()).get("credentials")));

        List<Map<String, Object>> listed = list(object(operator.get("/api/v1/notifications?instance=acme&limit=500")
                .body()).get("items")).stream().map(n -> map(n)).filter(n -> n.get("type")
                .equals("instance.credentials")).toList();
        assertThat(listed).as("initial and one rotation; the retried rotation rotated nothing, sent nothing")
                .hasSize(2).allSatisfy(n -> assertThat(list(n.get("deliveries")))
                .extracting(d -> map(d).get("endpoint")).containsExactly("platform"));
        String listing = operator.get("/api/v1/notifications?instance=acme&limit=500").body();
        assertThat(listing).contains("instance.credentials").doesNotContain(password).doesNotContain(newPassword);
        assertThat(operator.get("/api/v1/instances/acme/events?limit=500").body()).doesNotContain(password)
                .doesNotContain(newPassword);
        assertThat(operator.get("/prometheus").body()).doesNotContain(password).doesNotContain(newPassword);

        // A re-send (of the newest, the rotation) goes back to the endpoint the JWE was made for, never to the
        // one without a key.
        HttpRequest resend = operator.request("/api/v1/notifications/" + listed.get(0).get("id") + "/resend")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(operator.send(resend).statusCode()).isEqualTo(202);
        Await.until("the re-sent credentials delivered", () -> credentialsAt("/platform").size() == 3);
        assertThat(credentialsAt("/plain")).isEmpty();
        assertThat(opened(credentialsAt("/platform").get(2))).containsEntry("adminPassword", newPassword);
    }
}
