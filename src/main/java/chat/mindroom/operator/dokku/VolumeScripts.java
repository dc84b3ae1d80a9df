package chat.mindroom.operator.dokku;

/**
 * The shell scripts a volume restore runs with {@code dokku run APP sh -c SCRIPT ARGS...} in a
 * one-off container of the app, which has the app's storage mounts. Dokku attaches no stdin to
 * {@code run} without a TTY (scheduler-docker-local only adds {@code --interactive} when it has one),
 * so the archive is written in base64 pieces carried as arguments, then checked and unpacked. The
 * sandbox recognises exactly these texts.
 */
public final class VolumeScripts {

    /** {@code $0}: the file to (re)write; {@code $1}: the bytes, base64. */
    public static final String WRITE = "printf %s \"$1\" | base64 -d > \"$0\"";

    /** {@code $0}: the file to append to; {@code $1}: the bytes, base64. */
    public static final String APPEND = "printf %s \"$1\" | base64 -d >> \"$0\"";

    /**
     * {@code $0}: the mounted directory; {@code $1}: the archive inside it; {@code $2}: its sha256.
     * Exits 3 without touching anything when the checksum differs.
     */
    public static final String REPLACE = "cd \"$0\" || exit 2; [ \"$(sha256sum \"$1\" | cut -c1-64)\" = \"$2\" ]"
            + " || { echo \"restore archive checksum mismatch\" >&2; exit 3; };"
            + " for f in * .[!.]* ..?*; do if [ -e \"$f\" ] && [ \"$0/$f\" != \"$1\" ]; then rm -rf \"$f\"; fi; done;"
            + " tar xf \"$1\" && rm -f \"$1\"";

    private VolumeScripts() {
    }
}
