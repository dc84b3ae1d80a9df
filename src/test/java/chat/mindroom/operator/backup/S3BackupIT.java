package chat.mindroom.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backups in an S3-compatible bucket: a real server (s3proxy, in memory) started by the test. */
class S3BackupIT {

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("backup-access", "backup-secret-0123")
            .build();

    private Fleet fleet;
    private RunningOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private S3BackupStorage storage(String secret) {
        return new S3BackupStorage(S3.getUri(), "backups", new SigV4(S3.getAccessKey(), secret, "us-east-1"),
                Clock.systemUTC());
    }

    @Test
    void aPartGoesUpStreamedComesBackByteForByteAndIsGoneAfterDelete() throws Exception {
        S3BackupStorage s3 = storage(S3.getSecretKey());
        assertThat(s3.createBucket()).isTrue();
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path staged = Files.createTempFile("part", ".bin");
        Files.write(staged, content);
        String sha = BackupScenario.sha256(content);

        String location = s3.put("acme/20260101T000000Z-1/postgres-mr-acme-db", staged, content.length, sha);
        assertThat(staged).doesNotExist();
        try (InputStream in = s3.open(location)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        s3.delete(location);
        assertThatThrownBy(() -> s3.open(location)).isInstanceOf(IOException.class).hasMessageContaining("404");
        s3.delete(location);
    }

    @Test
    void aWrongSecretOrAPayloadThatIsNotWhatWasSignedIsRefused() throws Exception {
        S3BackupStorage s3 = storage(S3.getSecretKey());
        s3.createBucket();
        Path staged = Files.writeString(Files.createTempFile("part", ".bin"), "database bytes");
        assertThatThrownBy(() -> storage("not-the-secret").put("acme/x/redis", staged, 14,
                BackupScenario.sha256("database bytes".getBytes()))).isInstanceOf(IOException.class)
                .hasMessageContaining("403");
        assertThatThrownBy(() -> s3.put("acme/x/redis", staged, 14, BackupScenario.sha256("other".getBytes())))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> s3.open("acme/x/redis")).isInstanceOf(IOException.class);
    }

    @Test
    void theOperatorBacksUpToTheBucketRestoresFromItAndRetentionDeletesThere() throws Exception {
        storage(S3.getSecretKey()).createBucket();
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of(
                "operator.backup.s3-endpoint", S3.getUri().toString(), "operator.backup.s3-bucket", "backups",
                "operator.backup.s3-access-key", S3.getAccessKey(), "operator.backup.s3-secret-key", S3.getSecretKey()));
        BackupScenario s3i = new BackupScenario(operator, sandbox.state().data(), "s3i").ready("free");
        s3i.fill(11);
        String first = s3i.takeBackup();
        s3i.fill(12);
        Map<String, String> second = s3i.snapshot();
        String kept = s3i.takeBackup();
        s3i.takeBackup();
        s3i.takeBackup();

        // The free tier keeps 3: the first is gone from the bucket and listed as deleted, never as usable
        // (retention runs after the newest backup is recorded complete: wait for it).
        Await.until("the oldest backup deleted by retention",
                () -> "deleted".equals(s3i.backup(first).orElseThrow().get("status")));
        Map<String, Object> oldest = s3i.backup(first).orElseThrow();
        assertThat(oldest).containsEntry("status", "deleted").containsEntry("usable", false)
                .containsEntry("storage", "s3");
        S3BackupStorage s3 = storage(S3.getSecretKey());
        for (Object part : (List<?>) oldest.get("parts")) {
            String key = (String) ((Map<?, ?>) part).get("location");
            assertThatThrownBy(() -> s3.open(key)).isInstanceOf(IOException.class).hasMessageContaining("404");
        }
        assertThat(s3i.backups()).filteredOn(b -> "complete".equals(b.get("status"))).hasSize(3);

        s3i.fill(13);
        assertThat(s3i.restore(kept).statusCode()).isEqualTo(202);
        Await.until("the restore ends",
                () -> s3i.eventReasons().contains("RestoreCompleted") || s3i.eventReasons().contains("RestoreFailed"));
        assertThat(s3i.eventReasons()).doesNotContain("RestoreFailed");
        assertThat(s3i.snapshot()).isEqualTo(second);
    }
}
