package chat.mindroom.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox answers like the real Dokku 0.38.27 the samples were recorded from: the same
 * commands, in an order that recreates the recorded state, give the same stdout, stderr and exit
 * code byte for byte, once timestamps, ports, passwords, ids and addresses are masked.
 */
class SandboxGoldenIT {

    @TempDir
    Path dir;

    /** Replaces what differs between runs of a real Dokku too. */
    static String mask(String text) {
        return text
                .replaceAll("\\b1[0-9]{9}\\b", "<TS>")
                .replaceAll("Random port [0-9]+", "Random port <PORT>")
                .replaceAll("\\b[0-9a-f]{64}\\b", "<HEX64>")
                .replaceAll("\\b[0-9a-f]{32}\\b", "<HEX32>")
                .replaceAll("172\\.17\\.0\\.[0-9]+ *", "<IP>")
                .replaceAll("CID: [0-9a-f]{11}", "CID: <CID>");
    }

    private static final String[] SCRIPT = {
        "version.txt", "plugin-list.txt", "unknown-command.txt", "apps-exists-missing.txt",
        "apps-report-missing.txt", "apps-create-invalid.txt",
        "$ apps:create demo", "$ postgres:create db1", "$ redis:create cache1",
        "apps-list.txt", "apps-list-json.txt", "apps-report-all.txt",
        "apps-create.txt", "apps-create-again.txt", "apps-report-json.txt", "ps-report-json.txt",
        "git-report-json.txt", "resource-report-empty-json.txt",
        "config-set-encoded.txt", "config-export-json.txt", "config-unset.txt", "config-unset-missing.txt",
        "domains-set.txt", "domains-set-invalid.txt", "domains-add-existing.txt", "domains-report-json.txt",
        "resource-limit.txt", "resource-report-json.txt", "resource-limit-clear.txt",
        "storage-ensure.txt", "storage-mount.txt", "storage-mount-again.txt", "storage-list-json.txt",
        "storage-report-json.txt",
        "postgres-exists-missing.txt", "postgres-create.txt", "postgres-create-again.txt", "postgres-link.txt",
        "postgres-link-again.txt", "postgres-links.txt", "postgres-app-links.txt", "postgres-list.txt",
        "redis-create.txt", "redis-link.txt", "redis-info.txt", "redis-app-links.txt",
        "letsencrypt-missing.txt", "postgres-destroy-linked.txt",
        "$ postgres:link db1 mr-cap-backend --no-restart", "$ redis:link cache1 mr-cap-backend --no-restart",
        "apps-destroy.txt", "postgres-app-links-after.txt", "postgres-destroy.txt", "redis-destroy.txt",
        "apps-destroy-missing.txt",
    };

    @Test
    void reproducesTheRealRecordings() {
        List<String> checked = new ArrayList<>();
        try (SandboxServer sandbox = SandboxServer.start(dir, 0, LatencyProfile.NONE, false);
             RawSsh ssh = new RawSsh(sandbox)) {
            for (String step : SCRIPT) {
                if (step.startsWith("$ ")) {
                    assertThat(ssh.exec(step.substring(2)).exit()).as(step).isZero();
                    continue;
                }
                Samples.Recording expected = Samples.recording(step);
                RawSsh.Result actual = ssh.exec(expected.exec());
                assertThat(actual.exit()).as(step + " exit").isEqualTo(expected.exit());
                assertThat(mask(actual.stdout())).as(step + " stdout").isEqualTo(mask(expected.stdout()));
                assertThat(mask(actual.stderr())).as(step + " stderr").isEqualTo(mask(expected.stderr()));
                checked.add(step);
            }
        }
        assertThat(checked).hasSize(50);
    }

    @Test
    void reproducesTheReportsOfAConfiguredApp() {
        try (SandboxServer sandbox = SandboxServer.start(dir, 0, LatencyProfile.NONE, false);
             RawSsh ssh = new RawSsh(sandbox)) {
            for (String setup : List.of("apps:create demo", "postgres:create db1", "redis:create cache1",
                    "postgres:link db1 demo --no-restart", "redis:link cache1 demo --no-restart",
                    "domains:set demo demo.example.com www.demo.example.com",
                    "resource:limit --memory 512m --cpu 1 demo", "resource:reserve --memory 256m demo",
                    "storage:mount demo /var/lib/dokku/data/storage/demo-data:/app/storage")) {
                assertThat(ssh.exec(setup).exit()).as(setup).isZero();
            }
            for (String demo : List.of("demo-apps-report-demo.txt", "demo-apps-report-demo-format-json.txt",
                    "demo-domains-report-demo.txt", "demo-domains-report-demo-format-json.txt",
                    "demo-resource-report-demo.txt", "demo-resource-report-demo-format-json.txt",
                    "demo-storage-report-demo.txt", "demo-storage-report-demo-format-json.txt",
                    "demo-ps-report-demo.txt", "demo-ps-report-demo-format-json.txt",
                    "demo-postgres-info-db1.txt", "demo-redis-list.txt")) {
                String text = Samples.raw("0.38.27/" + demo);
                String exec = text.substring(0, text.indexOf('\n')).replaceFirst("^# \\$ dokku ", "");
                String expected = text.substring(text.indexOf('\n') + 1);
                RawSsh.Result actual = ssh.exec(exec);
                assertThat(mask(actual.stdout() + actual.stderr())).as(demo).isEqualTo(mask(expected));
            }
        }
    }
}
