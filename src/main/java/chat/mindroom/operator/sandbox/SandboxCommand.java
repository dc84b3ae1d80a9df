package chat.mindroom.operator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** One exec request on the sandbox's SSH server: faults, latency, then the simulator's answer. */
final class SandboxCommand implements Command {

    private final String exec;
    private final SandboxServer server;
    private final ExecutorService executor;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Future<?> task;

    SandboxCommand(String exec, SandboxServer server, ExecutorService executor) {
        this.exec = exec;
        this.server = server;
        this.executor = executor;
    }

    @Override
    public void setInputStream(InputStream in) {
        // Only the import commands read stdin (a dump); every other command leaves it unread.
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        task = executor.submit(() -> run(channel));
    }

    private void run(ChannelSession channel) {
        server.enter();
        server.arrived(exec);
        try {
            Fault fault = server.faultFor(exec);
            if (fault != null && fault.kind() == Fault.Kind.HANG) {
                Thread.sleep(Long.MAX_VALUE);
            }
            if (fault != null && fault.kind() == Fault.Kind.DROP) {
                channel.getServerSession().close(true);
                return;
            }
            Answer answer = fault != null
                    ? Answer.fail(fault.exitCode(), fault.stderr())
                    : server.simulator().execute(exec, SandboxServer.who(channel.getServerSession()), input(exec));
            String command = DokkuArgv.parse(exec).command();
            boolean unchanged = command.equals("git:from-image") && answer.exit() == 1;
            Duration delay = server.latency().delay(command, unchanged, server.simulator().coverage(exec));
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            out.write(answer.stdout());
            out.flush();
            err.write(answer.stderr().getBytes(StandardCharsets.UTF_8));
            err.flush();
            exit.onExit(answer.exit());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            exit.onExit(255, "sandbox: " + e.getMessage());
        } catch (RuntimeException e) {
            exit.onExit(1, "sandbox: " + e);
        } finally {
            server.leave();
        }
    }

    private byte[] input(String exec) throws IOException {
        return DokkuArgv.parse(exec).command().endsWith(":import") && in != null ? in.readAllBytes() : new byte[0];
    }

    @Override
    public void destroy(ChannelSession channel) {
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
    }
}
