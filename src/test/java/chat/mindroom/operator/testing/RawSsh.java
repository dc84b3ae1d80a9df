package chat.mindroom.operator.testing;

import chat.mindroom.operator.sandbox.SandboxServer;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Any SSH client: sends an exec string exactly as given (no encoding), the way a person typing
 * {@code ssh -p PORT dokku@127.0.0.1 ...} would, and returns what came back.
 */
public final class RawSsh implements AutoCloseable {

    /** The answer to one exec. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private final Session session;

    public RawSsh(SandboxServer sandbox) {
        this(sandbox, sandbox.clientKey());
    }

    /** A session logged in with {@code key} (a person's own key, not the operator's). */
    public RawSsh(SandboxServer sandbox, java.nio.file.Path key) {
        try {
            JSch jsch = new JSch();
            jsch.addIdentity(key.toString());
            jsch.setKnownHosts(sandbox.knownHosts().toString());
            session = jsch.getSession("dokku", "127.0.0.1", sandbox.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.connect(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Result exec(String command) {
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setInputStream(new ByteArrayInputStream(new byte[0]));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setErrStream(err, true);
            InputStream out = channel.getInputStream();
            channel.connect(10_000);
            byte[] stdout = out.readAllBytes();
            while (!channel.isClosed()) {
                Thread.sleep(1);
            }
            int exit = channel.getExitStatus();
            channel.disconnect();
            return new Result(exit, new String(stdout, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
