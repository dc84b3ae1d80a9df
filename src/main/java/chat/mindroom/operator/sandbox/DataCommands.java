package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import chat.mindroom.operator.dokku.VolumeScripts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The commands that move user data: {@code postgres:export/import} and {@code redis:export/import}
 * (dokku-postgres 1.48 / dokku-redis 1.43 {@code service_export}/{@code service_import}: the dump on
 * stdout, the dump read from stdin), and {@code dokku run APP ...} for the programs a volume backup
 * and restore run in the app's image: {@code tar cC DIR .} and the two {@link VolumeScripts}.
 */
final class DataCommands {

    private static final byte[] PGDMP = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    private final SandboxState state;
    private final AppLookup apps;

    DataCommands(SandboxState state, AppLookup apps) {
        this.state = state;
        this.apps = apps;
    }

    static boolean handles(String command) {
        return command.matches("^(postgres|redis):(export|import)$");
    }

    Answer service(String command, List<String> args, byte[] stdin) {
        String kind = command.substring(0, command.indexOf(':'));
        String title = kind.equals("postgres") ? "Postgres" : "Redis";
        if (args.isEmpty()) {
            return Answer.fail(1, bang("Please specify a valid name for the service"));
        }
        String name = args.get(0);
        if (!state.services(kind).containsKey(name)) {
            return Answer.fail(1, bang(title + " service " + name + " does not exist"));
        }
        boolean postgres = kind.equals("postgres");
        if (command.endsWith(":export")) {
            byte[] data = state.data.service(kind, name);
            if (!postgres) {
                return new Answer(0, data, "");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(PGDMP);
            out.writeBytes(data);
            return new Answer(0, out.toByteArray(), "");
        }
        if (stdin.length == 0 && !postgres) {
            return Answer.fail(1, bang("No data provided on stdin."));
        }
        if (postgres) {
            if (stdin.length < PGDMP.length || !Arrays.equals(Arrays.copyOf(stdin, PGDMP.length), PGDMP)) {
                return Answer.fail(1, "pg_restore: error: input file does not appear to be a valid archive\n");
            }
            state.data.setService(kind, name, Arrays.copyOfRange(stdin, PGDMP.length, stdin.length));
        } else {
            state.data.setService(kind, name, stdin);
        }
        return Answer.ok("");
    }

    /** {@code dokku run APP PROGRAM...}: a one-off container of the app's release image with its mounts. */
    Answer run(List<String> args) {
        return apps.withApp(args, app -> {
            if (!app.deployed) {
                return Answer.fail(1, bang("Invalid image stage detected: expected 'release', got ''")
                        + bang("Successfully deploy your app to fix dokku run calls"));
            }
            List<String> program = args.subList(1, args.size());
            if (program.size() == 4 && program.get(0).equals("tar") && program.get(1).equals("cC")
                    && program.get(3).equals(".")) {
                return tar(app, program.get(2));
            }
            if (program.size() >= 3 && program.get(0).equals("sh") && program.get(1).equals("-c")) {
                return script(app, program.get(2), program.subList(3, program.size()));
            }
            return Answer.fail(127, "sandbox: the app image runs only the operator's backup programs, not "
                    + String.join(" ", program) + "\n");
        });
    }

    private Answer tar(SandboxApp app, String dir) {
        String host = hostPath(app, dir);
        if (host == null) {
            return Answer.fail(2, "tar: " + dir + ": Cannot open: No such file or directory\n"
                    + "tar: Error is not recoverable: exiting now\n");
        }
        long now = state.clock.instant().getEpochSecond();
        return new Answer(0, TarArchive.write(state.data.files(host), now), "");
    }

    private Answer script(SandboxApp app, String script, List<String> params) {
        boolean write = script.equals(VolumeScripts.WRITE);
        if ((write || script.equals(VolumeScripts.APPEND)) && params.size() == 2) {
            Located file = locate(app, params.get(0));
            if (file == null) {
                return Answer.fail(1, "sh: 1: cannot create " + params.get(0) + ": Directory nonexistent\n");
            }
            byte[] before = write ? null : state.data.file(file.host, file.relative);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(before == null ? new byte[0] : before);
            out.writeBytes(Base64.getDecoder().decode(params.get(1)));
            state.data.writeFile(file.host, file.relative, out.toByteArray());
            return Answer.ok("");
        }
        if (script.equals(VolumeScripts.REPLACE) && params.size() == 3) {
            return replace(app, params.get(0), params.get(1), params.get(2));
        }
        return Answer.fail(127, "sandbox: not one of the operator's volume scripts\n");
    }

    private Answer replace(SandboxApp app, String dir, String archive, String sha256) {
        String host = hostPath(app, dir);
        if (host == null) {
            return Answer.fail(2, "sh: 1: cd: can't cd to " + dir + "\n");
        }
        Located located = locate(app, archive);
        byte[] bytes = located == null ? null : state.data.file(located.host, located.relative);
        if (bytes == null || !sha256(bytes).equals(sha256)) {
            return Answer.fail(3, (bytes == null ? "sha256sum: " + archive + ": No such file or directory\n" : "")
                    + "restore archive checksum mismatch\n");
        }
        SortedMap<String, byte[]> files;
        try {
            files = TarArchive.read(bytes);
        } catch (IllegalArgumentException e) {
            return Answer.fail(2, "tar: " + e.getMessage() + "\ntar: Exiting with failure status due to previous errors\n");
        }
        state.data.setFiles(host, new TreeMap<>(files));
        return Answer.ok("");
    }

    private record Located(String host, String relative) {
    }

    /** The host directory and relative path of a container path under one of the app's mounts. */
    private static Located locate(SandboxApp app, String containerFile) {
        for (SandboxApp.Attachment a : app.attachments) {
            String prefix = a.containerPath().endsWith("/") ? a.containerPath() : a.containerPath() + "/";
            if (containerFile.startsWith(prefix) && containerFile.length() > prefix.length()) {
                return new Located(a.hostPath(), containerFile.substring(prefix.length()));
            }
        }
        return null;
    }

    private static String hostPath(SandboxApp app, String containerDir) {
        String dir = containerDir.endsWith("/") && containerDir.length() > 1
                ? containerDir.substring(0, containerDir.length() - 1) : containerDir;
        return app.attachments.stream().filter(a -> a.containerPath().equals(dir)).map(SandboxApp.Attachment::hostPath)
                .findFirst().orElse(null);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
