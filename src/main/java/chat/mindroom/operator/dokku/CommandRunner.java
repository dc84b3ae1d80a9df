package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.OperatorException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs {@link DokkuCommand}s on one host's {@link DokkuTransport}: picks the timeout by the command's
 * class, tells the {@link CommandListener} how each ended and turns a non-zero exit into the
 * classified failure of {@link DokkuErrors}.
 */
final class CommandRunner {

    private final String hostName;
    private final DokkuTransport transport;
    private final CommandListener listener;

    CommandRunner(String hostName, DokkuTransport transport, CommandListener listener) {
        this.hostName = hostName;
        this.transport = transport;
        this.listener = listener;
    }

    String hostName() {
        return hostName;
    }

    /** Runs {@code command}; a non-zero exit is returned, not thrown. */
    CommandResult run(DokkuCommand command) {
        long start = System.nanoTime();
        try {
            CommandResult result = transport.run(command, command.timeoutClass() == DokkuCommand.Duration.LONG
                    ? RemoteDokkuClient.LONG_TIMEOUT : RemoteDokkuClient.SHORT_TIMEOUT);
            listener.completed(command.name(), result.ok() ? "ok" : "failed", result.duration());
            return result;
        } catch (OperatorException e) {
            listener.completed(command.name(), e.code().name().toLowerCase(Locale.ROOT),
                    Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    /** Runs a read; a non-zero exit is a classified failure. */
    CommandResult read(DokkuCommand command) {
        return ok(command, run(command));
    }

    /** Runs a write; a non-zero exit is a classified failure, success is what ran (redacted). */
    Executed write(DokkuCommand command) {
        CommandResult result = ok(command, run(command));
        return new Executed(hostName, command.redacted(), result.exitCode(), result.duration());
    }

    /** {@code result} of {@code command} when it succeeded; else its classified failure is thrown. */
    CommandResult ok(DokkuCommand command, CommandResult result) {
        if (!result.ok()) {
            throw DokkuErrors.failure(hostName, command, result);
        }
        return result;
    }

    /** Runs {@code command} with its stdout streamed into {@code out}. */
    Executed streamed(DokkuCommand command, OutputStream out) {
        return checked(command, transport.stream(command, RemoteDokkuClient.LONG_TIMEOUT, out));
    }

    /** Runs {@code command} with {@code in} as its stdin. */
    Executed fed(DokkuCommand command, InputStream in) {
        return checked(command, transport.feed(command, RemoteDokkuClient.LONG_TIMEOUT, in));
    }

    private Executed checked(DokkuCommand command, CommandResult result) {
        listener.completed(command.name(), result.ok() ? "ok" : "failed", result.duration());
        ok(command, result);
        return new Executed(hostName, command.redacted(), 0, result.duration());
    }

    void close() {
        transport.close();
    }
}
