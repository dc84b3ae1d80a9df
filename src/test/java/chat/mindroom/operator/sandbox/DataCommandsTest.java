package chat.mindroom.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.VolumeScripts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's data commands answer as dokku-postgres 1.48, dokku-redis 1.43 and Dokku's
 * scheduler-docker-local do: dumps on stdout, dumps from stdin, {@code run} only on a deployed app.
 */
class DataCommandsTest {

    private static final String WHO = "NAME=admin FINGERPRINT=SHA256:abc";
    private static final String STORAGE = SandboxData.STORAGE_ROOT + "mr-x";

    private final SandboxState state = new SandboxState(Clock.systemUTC(), true);
    private final DokkuSimulator dokku = new DokkuSimulator(state);

    private Answer run(DokkuCommand command, byte[] stdin) {
        return dokku.execute(command.encoded(), WHO, stdin);
    }

    private Answer run(String exec) {
        return dokku.execute(exec, WHO);
    }

    @Test
    void postgresExportPrintsTheDumpAndImportReplacesTheDataFromStdin() {
        run("postgres:create mr-x-db");
        byte[] dump = run("postgres:export mr-x-db").stdout();
        assertThat(new String(dump, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");

        Answer notADump = dokku.execute("postgres:import mr-x-db", WHO, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(notADump.exit()).isEqualTo(1);
        assertThat(notADump.stderr()).contains("does not appear to be a valid archive");

        byte[] other = "PGDMPother database".getBytes(StandardCharsets.US_ASCII);
        assertThat(dokku.execute("postgres:import mr-x-db", WHO, other).exit()).isZero();
        assertThat(run("postgres:export mr-x-db").stdout()).isEqualTo(other);
        assertThat(run("postgres:export mr-y-db").stderr()).isEqualTo(" !     Postgres service mr-y-db does not exist\n");
    }

    @Test
    void redisImportNeedsDataOnStdin() {
        run("redis:create mr-x-redis");
        assertThat(run("redis:export mr-x-redis").stdout()).startsWith("REDIS0011".getBytes(StandardCharsets.US_ASCII));
        Answer empty = run("redis:import mr-x-redis");
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.stderr()).isEqualTo(" !     No data provided on stdin.\n");
        byte[] rdb = "REDIS0011 keys".getBytes(StandardCharsets.US_ASCII);
        assertThat(dokku.execute("redis:import mr-x-redis", WHO, rdb).exit()).isZero();
        assertThat(state.data().service("redis", "mr-x-redis")).isEqualTo(rdb);
    }

    @Test
    void aVolumeIsReadAsATarAndReplacedOnlyWhenTheArchiveMatchesItsChecksum() throws Exception {
        run("apps:create mr-x-backend");
        Answer undeployed = run("run mr-x-backend tar cC /app/data .");
        assertThat(undeployed.exit()).isEqualTo(1);
        assertThat(undeployed.stderr()).contains("Invalid image stage detected");
        run("git:from-image mr-x-backend example/app:1");
        run("storage:mount mr-x-backend " + STORAGE + ":/app/data");
        state.data().writeFile(STORAGE, "a.txt", "first".getBytes(StandardCharsets.UTF_8));
        state.data().writeFile(STORAGE, "sub/b.bin", new byte[] {0, 1, 2});
        SortedMap<String, byte[]> saved = state.data().files(STORAGE);
        byte[] tar = run("run mr-x-backend tar cC /app/data .").stdout();

        state.data().setFiles(STORAGE, new TreeMap<>());
        state.data().writeFile(STORAGE, "new.txt", "later".getBytes(StandardCharsets.UTF_8));
        String archive = "/app/data/.mindroom-restore.tar";
        byte[] half = Arrays.copyOf(tar, tar.length / 2);
        assertThat(run(DokkuCommand.of("run").arg("mr-x-backend").arg("sh").option("-c").arg(VolumeScripts.WRITE)
                .arg(archive).arg(Base64.getEncoder().encodeToString(half)).build(), new byte[0]).exit()).isZero();
        Answer mismatch = run(DokkuCommand.of("run").arg("mr-x-backend").arg("sh").option("-c")
                .arg(VolumeScripts.REPLACE).arg("/app/data").arg(archive).arg(sha256(tar)).build(), new byte[0]);
        assertThat(mismatch.exit()).isEqualTo(3);
        assertThat(state.data().files(STORAGE)).containsKey("new.txt");

        byte[] rest = Arrays.copyOfRange(tar, tar.length / 2, tar.length);
        run(DokkuCommand.of("run").arg("mr-x-backend").arg("sh").option("-c").arg(VolumeScripts.APPEND)
                .arg(archive).arg(Base64.getEncoder().encodeToString(rest)).build(), new byte[0]);
        assertThat(run(DokkuCommand.of("run").arg("mr-x-backend").arg("sh").option("-c").arg(VolumeScripts.REPLACE)
                .arg("/app/data").arg(archive).arg(sha256(tar)).build(), new byte[0]).exit()).isZero();
        SortedMap<String, byte[]> after = state.data().files(STORAGE);
        assertThat(after.keySet()).containsExactlyElementsOf(saved.keySet());
        saved.forEach((path, content) -> assertThat(after.get(path)).isEqualTo(content));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
