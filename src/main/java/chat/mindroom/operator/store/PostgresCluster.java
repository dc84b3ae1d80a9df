package chat.mindroom.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL data directory and the commands that run on it: initdb, the superuser's password
 * (single-user mode, so no server listens while it is set), the access rules, pg_ctl start and stop,
 * and the stop of a postmaster orphaned by a killed operator.
 */
final class PostgresCluster {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
    static final String SUPERUSER = "postgres";
    /** Password authentication on every connection, local or TCP; no trust anywhere. */
    private static final String ACCESS_RULES = """
            # Written by mindroom-operator at every start; changes here are overwritten.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final PostgresBinaries binaries;
    private final Path dataDirectory;
    private final Path logFile;

    PostgresCluster(PostgresBinaries binaries, Path dataDirectory, Path logFile) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
    }

    boolean initialized() {
        return Files.exists(dataDirectory.resolve("PG_VERSION"));
    }

    void init(Path passwordFile) {
        run("initdb", List.of("-D", dataDirectory.toString(), "-U", SUPERUSER, "-E", "UTF-8", "--no-locale",
                "--auth=scram-sha-256", "--pwfile=" + passwordFile), null, "");
        LOG.info("Initialized a new PostgreSQL data directory in {}", dataDirectory);
    }

    /** Sets the superuser's password with no server listening; upgrades clusters made with trust. */
    void setPassword(String password) {
        run("postgres", List.of("--single", "-D", dataDirectory.toString(), "-c", "exit_on_error=on",
                        "-c", "password_encryption=scram-sha-256", SUPERUSER),
                "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "';\n", password);
    }

    void writeAccessRules() {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), ACCESS_RULES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    /** Starts the server on 127.0.0.1:{@code port} with durable commits; returns when it accepts connections. */
    void start(int port) {
        String options = String.join(" ", "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''",
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on",
                "-c", "password_encryption=scram-sha-256",
                "-c", "max_connections=200",
                "-c", "timezone=UTC");
        run("pg_ctl", List.of("-D", dataDirectory.toString(), "-l", logFile.toString(), "-w",
                "-t", Long.toString(TIMEOUT.toSeconds()), "-o", options, "start"), null, "");
    }

    /** Fast shutdown (sessions are ended, a checkpoint is written); immediate if that does not finish. */
    void stop() {
        try {
            run("pg_ctl", List.of("-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop"), null, "");
        } catch (IllegalStateException slow) {
            LOG.warn("PostgreSQL did not stop within 60 s; stopping it immediately (it recovers at the next start)");
            run("pg_ctl", List.of("-D", dataDirectory.toString(), "-m", "immediate", "-w", "-t", "60", "stop"),
                    null, "");
        }
    }

    /**
     * Recovery from a killed operator: a postmaster of this data directory still running (the caller
     * holds the directory's lock, so no live operator owns it) is stopped; a postmaster.pid whose
     * process is gone or is some other program is removed, so PostgreSQL does not refuse to start.
     */
    void stopOrphan() {
        Optional<PostmasterPid> pid = PostmasterPid.read(dataDirectory);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> orphan = pid.get().process();
        if (orphan.isEmpty()) {
            LOG.warn("Removing the stale postmaster.pid of pid {} in {} (that postmaster is gone)", pid.get().pid(),
                    dataDirectory);
            try {
                Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (!sameDirectory(pid.get().dataDirectory())) {
            throw new IllegalStateException(dataDirectory + "/postmaster.pid names pid " + pid.get().pid()
                    + " serving " + pid.get().dataDirectory() + "; refusing to stop it. Stop it by hand.");
        }
        LOG.warn("PostgreSQL (pid {}) is still running on {} from an operator that did not stop cleanly;"
                + " stopping it before starting again", pid.get().pid(), dataDirectory);
        stop();
        try {
            orphan.get().onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the orphaned PostgreSQL (pid " + pid.get().pid() + ") did not stop", e);
        }
    }

    private boolean sameDirectory(Path other) {
        try {
            return Files.isSameFile(other, dataDirectory);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a binary; output goes to a private file, shown (with {@code secret} masked) only on failure. */
    private void run(String binary, List<String> args, String input, String secret) {
        List<String> command = binaries.command(binary, args);
        Path output = null;
        try {
            output = Files.createTempFile(dataDirectory.getParent(), binary, ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(binary + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(output, StandardCharsets.UTF_8);
                if (!secret.isEmpty()) {
                    said = said.replace(secret, "***");
                }
                throw new IllegalStateException(binary + " failed (exit " + process.exitValue() + ") on "
                        + dataDirectory + ": " + said.strip() + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + binary, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover private file in our own directory
                }
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "\nlast lines of " + logFile + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
