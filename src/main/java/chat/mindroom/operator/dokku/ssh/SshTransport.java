package chat.mindroom.operator.dokku.ssh;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.Background;
import chat.mindroom.operator.dokku.CommandResult;
import chat.mindroom.operator.dokku.DokkuCommand;
import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.dokku.DokkuTransport;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dokku over SSH with JSch: one session per host, reused and re-established after a drop; one exec
 * channel per command, at most {@code maxChannels} at once (later callers wait; see
 * {@link ChannelBudget} for how quick and slow commands share them); no PTY; an empty,
 * closed stdin so nothing can wait on a prompt; stdout, stderr and exit status kept apart. Host keys
 * must be in the configured known_hosts; an unknown or changed key is refused, never learned. The
 * client key is checked when the transport is built ({@link SshIdentity}).
 */
public final class SshTransport implements DokkuTransport {

    private static final Logger LOG = LoggerFactory.getLogger(SshTransport.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int KEEPALIVE_MS = 15_000;

    private final DokkuHost host;
    private final JSch jsch;
    private final SshIdentity identity;
    private final RecordingHostKeyRepository hostKeys;
    private final ChannelBudget channels;
    private final Object sessionLock = new Object();
    private Session session;

    public SshTransport(DokkuHost host) {
        this.host = requireNonNull(host, "host is null");
        this.jsch = new JSch();
        try {
            this.identity = SshIdentity.add(jsch, host.privateKey().orElseThrow(() -> new IllegalArgumentException(
                    "host " + host.name() + ": privateKey is required for ssh")), host.privateKeyPassphraseFile());
            jsch.setKnownHosts(host.knownHosts().orElseThrow(() -> new IllegalArgumentException(
                    "host " + host.name() + ": knownHosts is required for ssh")).toString());
        } catch (SshIdentity.UnusableKey | JSchException e) {
            throw new IllegalArgumentException("host " + host.name() + ": " + e.getMessage(), e);
        }
        this.hostKeys = new RecordingHostKeyRepository(jsch.getHostKeyRepository(), jsch);
        this.channels = new ChannelBudget(host.maxChannels());
    }

    @Override
    public String describe() {
        return host.user() + "@" + host.address() + ":" + host.port();
    }

    @Override
    public CommandResult run(DokkuCommand command, Duration timeout) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(1024);
        CommandResult result = stream(command, timeout, stdout);
        return new CommandResult(result.exitCode(), stdout.toByteArray(), result.stderr(), result.duration());
    }

    @Override
    public CommandResult stream(DokkuCommand command, Duration timeout, OutputStream stdout) {
        return stream(command, timeout, stdout, null);
    }

    @Override
    public CommandResult feed(DokkuCommand command, Duration timeout, InputStream stdin) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(1024);
        CommandResult result = stream(command, timeout, stdout, stdin);
        return new CommandResult(result.exitCode(), stdout.toByteArray(), result.stderr(), result.duration());
    }

    private CommandResult stream(DokkuCommand command, Duration timeout, OutputStream stdout, InputStream stdin) {
        String exec = command.encoded();
        boolean slow = command.timeoutClass() == DokkuCommand.Duration.LONG;
        try {
            channels.acquire(slow, Background.current());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(ErrorCode.TRANSPORT_FAILURE, command, "interrupted while waiting for an SSH channel", e);
        }
        try {
            return execute(command, exec, timeout, stdout, stdin);
        } finally {
            channels.release(slow);
        }
    }

    private CommandResult execute(DokkuCommand command, String exec, Duration timeout, OutputStream stdout,
                                  InputStream input) {
        long start = System.nanoTime();
        ChannelExec channel = openChannel(command);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream(256);
        CountDownLatch finished = new CountDownLatch(1);
        try {
            channel.setCommand(exec.getBytes(StandardCharsets.UTF_8));
            channel.setPty(false);
            channel.setOutputStream(new SignallingOutputStream(stdout, finished), false);
            channel.setErrStream(stderr, true);
            // An empty, closed stdin (EOF right after the request, so nothing can wait on a prompt),
            // or the fed input, written from this thread and closed at its end.
            // (Closing our end directly instead of setInputStream avoids JSch's stdin pump thread,
            // which races with a command that finishes before connect() returns.)
            OutputStream stdin = channel.getOutputStream();
            channel.connect(CONNECT_TIMEOUT_MS);
            if (input != null) {
                try (stdin) {
                    input.transferTo(stdin);
                }
            }
            closeQuietly(stdin);
            if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.disconnect();
                throw failure(ErrorCode.TIMEOUT, command, "no answer within " + timeout.toSeconds() + " s", null);
            }
            int exit = awaitExitStatus(channel);
            if (exit < 0) {
                dropSession();
                throw failure(ErrorCode.TRANSPORT_FAILURE, command,
                        "the connection closed before the command finished; it may or may not have run", null);
            }
            return new CommandResult(exit, new byte[0], stderr.toString(StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (JSchException | IOException e) {
            dropSession();
            throw failure(ErrorCode.TRANSPORT_FAILURE, command, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(ErrorCode.TRANSPORT_FAILURE, command, "interrupted", e);
        } finally {
            channel.disconnect();
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException alreadyClosed) {
            // The command finished before we sent EOF; nothing was waiting for input.
        }
    }

    /** The exit status arrives around the end of stdout; wait briefly for the channel to close. */
    private static int awaitExitStatus(ChannelExec channel) throws InterruptedException {
        for (int i = 0; i < 2000 && !channel.isClosed(); i++) {
            if (i < 50) {
                Thread.sleep(0, 200_000);
            } else {
                Thread.sleep(1);
            }
        }
        return channel.isClosed() ? channel.getExitStatus() : -1;
    }

    private ChannelExec openChannel(DokkuCommand command) {
        for (int attempt = 0; ; attempt++) {
            Session current = session(command);
            String why;
            JSchException cause = null;
            try {
                ChannelExec channel = (ChannelExec) current.openChannel("exec");
                if (channel != null) {
                    return channel;
                }
                // JSch answers null instead of throwing when the session went down meanwhile.
                why = "the session closed while the channel was opened";
            } catch (JSchException e) {
                why = e.getMessage();
                cause = e;
            }
            dropSession();
            if (attempt >= 1) {
                throw failure(ErrorCode.TRANSPORT_FAILURE, command, "cannot open a channel: " + why, cause);
            }
        }
    }

    private Session session(DokkuCommand command) {
        synchronized (sessionLock) {
            if (session != null && session.isConnected()) {
                return session;
            }
            try {
                Session fresh = jsch.getSession(host.user(), host.address(), host.port());
                fresh.setHostKeyRepository(hostKeys);
                fresh.setConfig("StrictHostKeyChecking", "yes");
                fresh.setConfig("PreferredAuthentications", "publickey");
                fresh.setServerAliveInterval(KEEPALIVE_MS);
                fresh.setServerAliveCountMax(3);
                fresh.connect(CONNECT_TIMEOUT_MS);
                session = fresh;
                LOG.info("SSH session to host {} ({}) established with {} key {}", host.name(), describe(),
                        identity.type(), identity.fingerprint());
                return fresh;
            } catch (JSchException e) {
                String rejected = hostKeys.rejection();
                if (rejected != null) {
                    throw new OperatorException(ErrorCode.HOST_KEY_REJECTED, "host " + host.name() + ": refusing to"
                            + " connect: " + rejected, e);
                }
                throw failure(ErrorCode.TRANSPORT_FAILURE, command, "cannot connect: " + e.getMessage(), e);
            }
        }
    }

    private void dropSession() {
        synchronized (sessionLock) {
            if (session != null && !session.isConnected()) {
                session = null;
            }
        }
    }

    private OperatorException failure(ErrorCode code, DokkuCommand command, String message, Throwable cause) {
        return new OperatorException(code, "host " + host.name() + " (" + describe() + "): " + command.redacted()
                + ": " + message, cause);
    }

    @Override
    public void close() {
        synchronized (sessionLock) {
            if (session != null) {
                session.disconnect();
                session = null;
            }
        }
    }

    /** Passes stdout through and signals when JSch closes it at the end of the channel's output. */
    private static final class SignallingOutputStream extends OutputStream {
        private final OutputStream target;
        private final CountDownLatch closed;

        SignallingOutputStream(OutputStream target, CountDownLatch closed) {
            this.target = target;
            this.closed = closed;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.flush();
            closed.countDown();
        }
    }
}
