package chat.mindroom.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Dokku output samples copied into test resources: {@code dokku/0.38.27/} recorded from a real
 * Dokku 0.38.27, {@code dokku/from-docs/} from Dokku's docs and code (first line names the source).
 */
public final class Samples {

    private Samples() {
    }

    /** A recorded command: its command line, exit code, stdout and stderr. */
    public record Recording(String commandLine, int exit, String stdout, String stderr) {

        /** The exec string as it went over SSH (without the leading {@code dokku}). */
        public String exec() {
            return commandLine.replaceFirst("^\\$ dokku ", "");
        }
    }

    public static String raw(String path) {
        try (InputStream in = Samples.class.getResourceAsStream("/dokku/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A docs or derived sample without its source line. */
    public static String docs(String file) {
        String text = raw("from-docs/" + file);
        return text.substring(text.indexOf('\n') + 1);
    }

    /** A {@code demo-*} report sample without its command line. */
    public static String demo(String file) {
        String text = raw("0.38.27/" + file);
        return text.substring(text.indexOf('\n') + 1);
    }

    public static Recording recording(String file) {
        String text = raw("0.38.27/" + file);
        String commandLine = text.substring(0, text.indexOf('\n'));
        int exitStart = text.indexOf("# exit: ") + 8;
        int exit = Integer.parseInt(text.substring(exitStart, text.indexOf('\n', exitStart)).trim());
        int out = text.indexOf("# --- stdout\n") + "# --- stdout\n".length();
        int err = text.indexOf("# --- stderr\n");
        String stdout = text.substring(out, err);
        String stderr = text.substring(err + "# --- stderr\n".length());
        return new Recording(commandLine, exit, stdout, stderr);
    }
}
