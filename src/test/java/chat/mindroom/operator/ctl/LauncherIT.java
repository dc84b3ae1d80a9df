package chat.mindroom.operator.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/mindroomctl and the shipped jar, as users run them: the launcher finds the jar, the jar's
 * main hands {@code ctl} to the client before the operator would start, and exit codes come through.
 */
class LauncherIT {

    private static final Path JAR = Path.of("target", "mindroom-operator.jar");

    private record Result(int exit, String out, String err) {
    }

    private static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "deploy/mindroomctl"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MINDROOM_JAR", JAR.toAbsolutePath().toString());
        builder.environment().put("MINDROOM_CONFIG", "/nonexistent/mindroom/config.yaml");
        builder.environment().remove("MINDROOM_SERVER");
        builder.environment().remove("MINDROOM_TOKEN");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mindroomctl did not exit within 120 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpFromTheShippedJar() throws Exception {
        Result help = launch(Map.of(), "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: mindroomctl", "apply", "Exit codes:");
    }

    @Test
    void exitCodesSurviveTheLauncher() throws Exception {
        assertThat(launch(Map.of(), "frobnicate").exit()).isEqualTo(ExitCode.USAGE);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result unreachable = launch(Map.of("MINDROOM_SERVER", "http://127.0.0.1:" + port), "hosts");
        assertThat(unreachable.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(unreachable.err()).contains("cannot reach").doesNotContain("\tat ");
    }
}
