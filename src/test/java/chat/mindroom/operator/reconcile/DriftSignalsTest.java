package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.DokkuEvent;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.testing.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftSignalsTest {

    private static final String ADMIN = "SHA256:ZA+4W+kbS7I+rjxaFN/V3Qp6OEokpD7+Kgo90NcRZo8";
    private static final String OPERATOR = "SHA256:operatorKeyOperatorKeyOperatorKeyOperatorKe";

    private static String line(int pid, String trigger, String args, String key) {
        return "2026-12-01T22:51:0" + (pid % 10) + ".299800+00:00 vm dokku-event[" + pid + "]: INVOKED: " + trigger
                + "( " + args + " ) NAME=admin FINGERPRINT=" + key + " DOKKU_PID=" + (pid - 1);
    }

    @Test
    void everyLineOfTheRealLogParses() {
        // The recording ends inside stdout (no stderr section): every line after the header is the log.
        String raw = Samples.raw("0.38.27/events-tail.txt");
        List<String> lines = raw.substring(raw.indexOf("# --- stdout\n") + 13).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(l -> assertThat(DokkuEvent.parse(l)).isPresent());
        DokkuEvent first = DokkuEvent.parse(lines.get(0)).orElseThrow();
        assertThat(first.trigger()).isEqualTo("post-config-update");
        assertThat(first.args()).containsExactly("mrtest-le2", "set", "FOO");
        assertThat(first.fingerprint()).contains(ADMIN);
        assertThat(first.change()).isTrue();
        assertThat(DokkuEvent.parse(lines.get(2)).orElseThrow().change()).as("proxy-type is a read").isFalse();
    }

    @Test
    void changesBySomebodyElseToOurAppsAreSuspectsOnceAndTheOperatorsOwnAreNot() {
        DriftSignals signals = new DriftSignals();
        List<String> log = new ArrayList<>(List.of(line(1, "post-deploy", "mr-old-backend", ADMIN)));
        assertThat(signals.suspects("h", log, Optional.of(OPERATOR))).as("the first read sets the mark").isEmpty();
        log.add(line(2, "post-config-update", "mr-acme-backend set MINDROOM_TIER", ADMIN));
        log.add(line(3, "proxy-type", "mr-acme-backend", ADMIN));
        log.add(line(4, "post-stop", "mr-acme-frontend", ADMIN));
        log.add(line(5, "post-config-update", "mr-beta-x-backend set K", OPERATOR));
        log.add(line(6, "post-config-update", "mr-gamma-backend unset DATABASE_URL", ADMIN));
        log.add(line(7, "post-deploy", "someone-else", ADMIN));
        List<DriftSignals.Suspect> suspects = signals.suspects("h", log, Optional.of(OPERATOR));
        assertThat(suspects).extracting(DriftSignals.Suspect::instance)
                .containsExactly(new InstanceName("acme"), new InstanceName("gamma"));
        assertThat(suspects.get(0).key()).isEqualTo(ADMIN);
        assertThat(signals.gap("h")).isFalse();
        assertThat(signals.suspects("h", log, Optional.of(OPERATOR))).as("nothing new").isEmpty();
    }

    @Test
    void aLogThatRolledOverBetweenReadsIsAGapAndItsLinesStillCount() {
        DriftSignals signals = new DriftSignals();
        signals.suspects("h", List.of(line(1, "post-deploy", "mr-a1-backend", ADMIN)), Optional.empty());
        List<DriftSignals.Suspect> suspects = signals.suspects("h",
                List.of(line(50, "post-stop", "mr-beta-frontend", ADMIN)), Optional.empty());
        assertThat(signals.gap("h")).isTrue();
        assertThat(suspects).extracting(DriftSignals.Suspect::instance).containsExactly(new InstanceName("beta"));
    }

    @Test
    void appNamesMapToTheirInstance() {
        assertThat(DriftSignals.instanceOf("mr-acme-backend")).contains(new InstanceName("acme"));
        assertThat(DriftSignals.instanceOf("mr-my-shop-db")).contains(new InstanceName("my-shop"));
        assertThat(DriftSignals.instanceOf("mrtest-le2")).isEmpty();
        assertThat(DriftSignals.instanceOf("mr-x")).isEmpty();
    }
}
