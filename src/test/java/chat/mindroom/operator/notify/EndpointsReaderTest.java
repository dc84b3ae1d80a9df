package chat.mindroom.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.config.NotifySettings;
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
}
