package chat.mindroom.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A jar run as its users run it, {@code java -jar JAR}, in a process of its own with its output in
 * a log file that every failure message names. Closing it always ends it and everything it started
 * (the embedded PostgreSQL): politely first, so its shutdown hooks run, then by force.
 */
public final class JarProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final Process process;
    private final Path log;
    private final Thread reaper;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.reaper = new Thread(this::end, "jar-process-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code java -jar jar} with the environment of this JVM less every {@code OPERATOR_},
     * {@code DATABASE_} and {@code MICRONAUT_} variable, plus {@code env}.
     */
    public static JarProcess start(Path jar, List<String> jvmOptions, Map<String, String> env, Path log) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OPERATOR_") || k.startsWith("DATABASE_")
                || k.startsWith("MICRONAUT_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new JarProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    /** Waits for {@code condition}; fails, naming the log, when the process ends or the ceiling passes. */
    public void await(String what, Duration ceiling, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + ceiling.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with code " + process.exitValue() + " while waiting for "
                        + what + "; its output is in " + log.toAbsolutePath() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + ceiling.toSeconds() + " s; the jar's output is in "
                        + log.toAbsolutePath() + ":\n" + tail());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The last lines of the log, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void end() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Ends the process at once with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the jar did not end within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() {
        end();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting; the hook runs end() once more, which finds nothing left.
        }
    }
}
