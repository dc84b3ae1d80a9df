package chat.mindroom.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A crashed container: the app stops running, and Dokku's events log shows nothing of it. */
class ContainerDiedTest {

    private final SandboxState state = new SandboxState(Clock.systemUTC(), true);
    private final DokkuSimulator dokku = new DokkuSimulator(state);

    private String run(String exec) {
        return new String(dokku.execute(exec, "NAME=person FINGERPRINT=SHA256:abc").stdout(), StandardCharsets.UTF_8);
    }

    @Test
    void theAppStopsRunningWithoutALineInTheEventsLog() {
        run("events:on");
        run("apps:create mr-x-backend");
        run("git:from-image mr-x-backend example/app:1");
        String before = state.describe("mr-x-");
        String events = run("events");
        assertThat(run("ps:report mr-x-backend --running")).contains("true");

        assertThat(state.containerDied("mr-x-backend")).isTrue();

        assertThat(run("ps:report mr-x-backend --running")).contains("false");
        assertThat(run("events")).isEqualTo(events);
        assertThat(state.describe("mr-x-")).isNotEqualTo(before).contains("running=false");
        assertThat(state.containerDied("mr-y-backend")).isFalse();
    }

    @Test
    void aDescriptionKeepsSecretsOut() {
        run("apps:create mr-x-backend");
        run("config:set --no-restart mr-x-backend MINDROOM_ADMIN_PASSWORD=s3cret-value");

        assertThat(state.describe("mr-x-")).contains("MINDROOM_ADMIN_PASSWORD=").doesNotContain("s3cret-value");
        assertThat(state.describe("mr-y-")).isEmpty();
    }
}
