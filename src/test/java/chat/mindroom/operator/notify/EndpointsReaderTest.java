package chat.mindroom.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.config.NotifySettings;
import chat.mindroom.operator.store.CredentialsKey;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.testing.ReceiverKeys;
import chat.mindroom.operator.webhook.WebhookSignature;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsReaderTest {

    private static final String SECRET = WebhookSignature.newSecret();

    @TempDir
    Path dir;

    private static NotifySettings settings(String url, String secret, String file) {
        Duration s = Duration.ofSeconds(1);
        return new NotifySettings(url, secret, file, 4, s, s, s, s, s, s, s);
    }

    private List<Endpoint> file(String yaml) throws Exception {
        Path file = dir.resolve("notify.yaml");
        Files.writeString(file, yaml);
        return EndpointsReader.read(settings(null, null, file.toString()));
    }

    @Test
    void theEnvironmentEndpointTakesEveryTypeAndFileEndpointsTheirFilter() throws Exception {
        Path file = dir.resolve("notify.yaml");
        Files.writeString(file, "endpoints:\n  - name: billing\n    url: https://billing.example.com/hook\n"
                + "    secret: " + SECRET + "\n    types: [instance.ready, instance.deleted]\n");
        List<Endpoint> endpoints = EndpointsReader.read(settings("https://platform.example.com/hooks", SECRET,
                file.toString()));
        assertThat(endpoints).extracting(Endpoint::name).containsExactly("default", "billing");
        assertThat(endpoints.get(0).route().takes("instance.failed")).isTrue();
        assertThat(endpoints.get(1).types()).isEqualTo(Set.of("instance.ready", "instance.deleted"));
        assertThat(endpoints.get(1).route().takes("instance.failed")).isFalse();
        assertThat(endpoints.toString()).doesNotContain(SECRET.substring(6));
        assertThat(EndpointsReader.read(settings(null, null, null))).isEmpty();
    }

    @Test
    void mistakesNameTheSettingOrFieldAndNeverShowTheSecret() {
        assertThatThrownBy(() -> EndpointsReader.read(settings("https://x.example.com", null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("OPERATOR_NOTIFY_SECRET");
        assertThatThrownBy(() -> EndpointsReader.read(settings("ftp://x.example.com", SECRET, null)))
                .hasMessageContaining("OPERATOR_NOTIFY_URL: must be an http or https URL");
        assertThatThrownBy(() -> EndpointsReader.read(settings("https://x.example.com", "whsec_notbase64!!", null)))
                .hasMessageContaining("OPERATOR_NOTIFY_SECRET").hasMessageNotContaining("notbase64");
        assertThatThrownBy(() -> file("endpoints:\n  - name: a\n    url: https://a.example.com\n    secret: " + SECRET
                + "\n    types: [instance.exploded]\n")).hasMessageContaining("endpoints[0].types: unknown type");
        assertThatThrownBy(() -> file("endpoints:\n  - name: a\n    url: https://a.example.com\n")).hasMessageContaining(
                "endpoints[0].secret: required");
        assertThatThrownBy(() -> file("endpoints:\n  - name: a\n    url: https://a.example.com\n    secret: " + SECRET
                + "\n    colour: red\n")).hasMessageContaining("endpoints[0].colour: unknown field");
        assertThatThrownBy(() -> file("endpoints:\n  - name: default\n    url: https://a.example.com\n    secret: "
                + SECRET + "\n  - name: default\n    url: https://b.example.com\n    secret: " + SECRET + "\n"))
                .hasMessageContaining("'default' is configured twice");
    }

    private static String keyField(String pem) {
        return "    credentialsKey: |\n" + pem.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
    }

    @Test
    void anEndpointWithACredentialsKeyAloneTakesCredentials() throws Exception {
        ReceiverKeys receiver = ReceiverKeys.generate(2048);
        List<Endpoint> endpoints = file("endpoints:\n  - name: platform\n    url: https://p.example.com/hook\n"
                + "    secret: " + SECRET + "\n" + keyField(receiver.publicPem())
                + "  - name: billing\n    url: https://b.example.com/hook\n    secret: " + SECRET + "\n");
        assertThat(endpoints.get(0).credentialsKey()).contains(CredentialsKey.fromPem(receiver.publicPem()));
        assertThat(endpoints.get(0).route().takes(NewNotification.CREDENTIALS)).isTrue();
        assertThat(endpoints.get(0).route().takes(NewNotification.READY)).isTrue();
        assertThat(endpoints.get(1).route().takes(NewNotification.CREDENTIALS)).as("no key, every type").isFalse();
        assertThat(endpoints.get(1).route().takes(NewNotification.READY)).isTrue();

        List<Endpoint> optedOut = file("endpoints:\n  - name: platform\n    url: https://p.example.com/hook\n"
                + "    secret: " + SECRET + "\n    types: [instance.ready]\n" + keyField(receiver.publicPem()));
        assertThat(optedOut.get(0).route().takes(NewNotification.CREDENTIALS)).isFalse();
    }

    @Test
    void aBadCredentialsKeyStopsStartupNamingTheFileAndField() throws Exception {
        String head = "endpoints:\n  - name: platform\n    url: https://p.example.com/hook\n    secret: " + SECRET + "\n";
        Path file = dir.resolve("notify.yaml");
        assertThatThrownBy(() -> file(head + keyField(ReceiverKeys.generate(1024).publicPem())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file + ": endpoints[0].credentialsKey: an RSA key of 1024 bits");
        assertThatThrownBy(() -> file(head + "    credentialsKey: not a key\n"))
                .hasMessageContaining("endpoints[0].credentialsKey: expected one PEM block");
        assertThatThrownBy(() -> file(head + "    credentialsKey: \"\"\n"))
                .hasMessageContaining("endpoints[0].credentialsKey: required text");
        ReceiverKeys receiver = ReceiverKeys.generate(2048);
        assertThatThrownBy(() -> file(head + keyField(ReceiverKeys.pem("PRIVATE KEY",
                receiver.pair().getPrivate().getEncoded())))).hasMessageContaining("endpoints[0].credentialsKey: this is a private key")
                .hasMessageNotContaining("MII");
        assertThatThrownBy(() -> file(head + "    types: [instance.credentials]\n"))
                .hasMessageContaining("endpoints[0].types: instance.credentials is sent only to an endpoint with a credentialsKey");
    }
}
