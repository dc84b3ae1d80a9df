package chat.mindroom.operator.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.RunningOperator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exit codes and error messages scripts and people rely on, against a running operator. */
class CtlExitCodesIT {

    private static RunningOperator operator;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        operator = RunningOperator.start();
        dir = Files.createTempDirectory("mindroomctl");
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static CtlRun ctl(String token, String... args) {
        return CtlRun.run(Map.of("MINDROOM_SERVER", operator.uri("").toString(), "MINDROOM_TOKEN", token,
                "MINDROOM_CONFIG", dir.resolve("absent.yaml").toString()), "", args);
    }

    private static void noStackTrace(CtlRun run) {
        assertThat(run.err()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void invalidSpecShowsTheProblemAndItsFieldsWithExitFive() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: gamma\nspec: {tier: platinum, account: acc_1}\n");
        CtlRun run = ctl(RunningOperator.WRITE_TOKEN, "apply", "-f", bad.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).startsWith("error: instance/gamma: ").contains("\n  tier: ");
        noStackTrace(run);
        assertThat(operator.get("/api/v1/instances/gamma").statusCode()).isEqualTo(404);
    }

    @Test
    void notFoundIsThree() {
        CtlRun run = ctl(RunningOperator.READ_TOKEN, "describe", "instance", "nobody");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: No such instance: instance nobody does not exist\n");
        assertThat(ctl(RunningOperator.WRITE_TOKEN, "delete", "nobody").exit()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void authIsFour() throws IOException {
        CtlRun wrong = ctl("not-a-token-0123456789", "get", "instances");
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ExitCode.AUTH);
        noStackTrace(wrong);
        Path one = Files.writeString(dir.resolve("one.yaml"), "name: delta\nspec: {tier: starter, account: acc_1}\n");
        CtlRun readOnly = ctl(RunningOperator.READ_TOKEN, "apply", "-f", one.toString());
        assertThat(readOnly.exit()).as(readOnly.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(readOnly.err()).contains("write scope");
    }

    @Test
    void usageIsTwo() throws IOException {
        assertThat(ctl(RunningOperator.READ_TOKEN, "frobnicate").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(ctl(RunningOperator.READ_TOKEN, "apply").err()).contains("-f");
        assertThat(ctl(RunningOperator.READ_TOKEN, "apply").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(ctl(RunningOperator.READ_TOKEN, "apply", "-f", dir.resolve("missing.yaml").toString()).exit())
                .isEqualTo(ExitCode.USAGE);
        Path nameless = Files.writeString(dir.resolve("nameless.yaml"), "spec: {tier: starter}\n");
        CtlRun run = ctl(RunningOperator.WRITE_TOKEN, "diff", "-f", nameless.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("document 1", "name");
        CtlRun noServer = CtlRun.run(Map.of("MINDROOM_CONFIG", dir.resolve("absent.yaml").toString()), "", "hosts");
        assertThat(noServer.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noServer.err()).contains("MINDROOM_SERVER");
    }

    @Test
    void unreachableServerIsFive() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CtlRun run = CtlRun.run(Map.of("MINDROOM_SERVER", "http://127.0.0.1:" + port, "MINDROOM_CONFIG",
                dir.resolve("absent.yaml").toString()), "", "get", "instances");
        assertThat(run.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:" + port);
        noStackTrace(run);
    }

    @Test
    void contextFileAndContextFlag() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "current-context: broken\ncontexts:\n"
                + "  - name: broken\n    server: " + operator.uri("") + "\n    token: wrong-token-0123456789\n"
                + "  - name: ops\n    server: " + operator.uri("") + "\n    token: " + RunningOperator.READ_TOKEN + "\n");
        Map<String, String> env = Map.of("MINDROOM_CONFIG", config.toString());
        assertThat(CtlRun.run(env, "", "hosts").exit()).isEqualTo(ExitCode.AUTH);
        CtlRun ops = CtlRun.run(env, "", "--context", "ops", "get", "instances");
        assertThat(ops.exit()).as(ops.toString()).isZero();
    }

    @Test
    void completionScriptsForBashAndZsh() {
        CtlRun bash = ctl("", "completion", "bash");
        assertThat(bash.exit()).isZero();
        assertThat(bash.out()).contains("complete -F", "mindroomctl", "apply", "describe", "--dry-run");
        CtlRun zsh = ctl("", "completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit", "complete -F");
        CtlRun help = ctl("", "--help");
        assertThat(help.out()).contains("Exit codes:", "not found");
    }
}
