package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.local.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local transport hands argv straight to the process: no shell ever sees the values. */
class LocalTransportTest {

    @TempDir
    Path dir;

    @Test
    void passesArgumentsAsArgvAndKeepsStreamsApart() throws Exception {
        Path fake = dir.resolve("dokku");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\necho oops >&2\n"
                + "read line && echo got-input >&2\nexit 3\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        DokkuHost host = new DokkuHost("self", "localhost", 22, "dokku", Optional.empty(), Optional.empty(), 1,
                DokkuHost.Transport.LOCAL, 2);
        try (LocalTransport transport = new LocalTransport(host, fake.toString())) {
            String hostile = "$(touch " + dir.resolve("pwned") + ") a;b";
            CommandResult result = transport.run(DokkuCommand.of("config:get").arg("app").arg(hostile).build(),
                    Duration.ofSeconds(10));
            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.stdoutText()).isEqualTo("[config:get]\n[app]\n[" + hostile + "]\n");
            assertThat(result.stderr()).isEqualTo("oops\n");
            assertThat(dir.resolve("pwned")).doesNotExist();
        }
    }
}
