package chat.mindroom.operator.spec;

import static java.util.Objects.requireNonNull;

/** Whether the instance runs its own Matrix homeserver app, and which one. */
public record MatrixSpec(boolean enabled, MatrixServer server) {

    public static final MatrixSpec DISABLED = new MatrixSpec(false, MatrixServer.TUWUNEL);

    public MatrixSpec {
        requireNonNull(server, "server is null");
    }
}
