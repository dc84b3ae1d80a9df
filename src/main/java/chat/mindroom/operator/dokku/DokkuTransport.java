package chat.mindroom.operator.dokku;

import chat.mindroom.operator.OperatorException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Runs Dokku commands on one host. Implementations are thread-safe and bound the number of
 * commands in flight; callers beyond the bound wait their turn.
 *
 * <p>A non-zero exit is a normal {@link CommandResult}. Only failures to run the command at all
 * throw: {@link OperatorException} with {@code TRANSPORT_FAILURE} (connection refused or dropped;
 * the command may or may not have run), {@code TIMEOUT}, or {@code HOST_KEY_REJECTED}.
 */
public interface DokkuTransport extends AutoCloseable {

    CommandResult run(DokkuCommand command, Duration timeout);

    /**
     * Runs a command whose stdout is large or binary ({@code postgres:export}), streaming it into
     * {@code stdout}; the returned result's stdout is empty.
     */
    CommandResult stream(DokkuCommand command, Duration timeout, OutputStream stdout);

    /**
     * Runs a command that reads its input from stdin ({@code postgres:import}), streaming {@code stdin}
     * to it and closing it at the end; the returned result carries the command's stdout.
     */
    CommandResult feed(DokkuCommand command, Duration timeout, InputStream stdin);

    /** Where commands go, for logs: {@code dokku@127.0.0.1:2222}. */
    String describe();

    @Override
    void close();
}
