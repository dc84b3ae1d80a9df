package chat.mindroom.operator.dokku.local;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.CommandResult;
import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.DokkuTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dokku} as a process on the operator's own machine (the operator deployed on the Dokku
 * host). Arguments go to the process as argv, never through a shell; stdin is closed at once unless
 * the command is fed ({@link #feed}).
 */
public final class LocalTransport implements DokkuTransport {

    private final DokkuHost host;
    private final String executable;
    private final Semaphore slots;

    public LocalTransport(DokkuHost host, String executable) {
        this.host = host;
        this.executable = executable;
        this.slots = new Semaphore(host.maxChannels(), true);
    }

    @Override
    public String describe() {
        return "local " + executable;
    }

    @Override
    public CommandResult run(DokkuCommand command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = stream(command, timeout, out);
        return new CommandResult(result.exitCode(), out.toByteArray(), result.stderr(), result.duration());
    }

    @Override
    public CommandResult stream(DokkuCommand command, Duration timeout, OutputStream stdout) {
        return execute(command, timeout, stdout, InputStream.nullInputStream());
    }

    @Override
    public CommandResult feed(DokkuCommand command, Duration timeout, InputStream stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = execute(command, timeout, out, stdin);
        return new CommandResult(result.exitCode(), out.toByteArray(), result.stderr(), result.duration());
    }

    private CommandResult execute(DokkuCommand command, Duration timeout, OutputStream stdout, InputStream stdin) {
        slots.acquireUninterruptibly();
        long start = System.nanoTime();
        try {
            List<String> argv = new ArrayList<>();
            argv.add(executable);
            argv.addAll(command.argv());
            Process process = new ProcessBuilder(argv).start();
            try (OutputStream in = process.getOutputStream()) {
                stdin.transferTo(in);
            }
            CompletableFuture<Void> out = CompletableFuture.runAsync(() -> copy(process.getInputStream(), stdout));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Void> errors = CompletableFuture.runAsync(() -> copy(process.getErrorStream(), err));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new OperatorException(ErrorCode.TIMEOUT, "host " + host.name() + ": " + command.redacted()
                        + ": no answer within " + timeout.toSeconds() + " s");
            }
            out.join();
            errors.join();
            return new CommandResult(process.exitValue(), new byte[0], err.toString(StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new OperatorException(ErrorCode.TRANSPORT_FAILURE, "host " + host.name() + ": cannot run "
                    + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException(ErrorCode.TRANSPORT_FAILURE, "host " + host.name() + ": interrupted", e);
        } finally {
            slots.release();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // Nothing held between commands.
    }
}
