package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The storage plugin's commands: storage:list, storage:mount, storage:unmount, storage:ensure-directory. */
final class StorageCommands {

    private final SandboxState state;
    private final AppLookup apps;

    StorageCommands(SandboxState state, AppLookup apps) {
        this.state = state;
        this.apps = apps;
    }

    Answer storageList(List<String> args) {
        return apps.withApp(args, app -> {
            if (args.contains("json")) {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < app.attachments.size(); i++) {
                    SandboxApp.Attachment a = app.attachments.get(i);
                    out.append(i == 0 ? "" : ",").append("{\"entry_name\":").append(GoJson.quote(a.entryName()))
                            .append(",\"host_path\":").append(GoJson.quote(a.hostPath()))
                            .append(",\"container_path\":").append(GoJson.quote(a.containerPath())).append('}');
                }
                return Answer.ok(out.append("]\n").toString());
            }
            StringBuilder out = new StringBuilder("-----> " + app.name + " volume bind-mounts:\n");
            app.attachments.forEach(a -> out.append("       ").append(a.hostPath()).append(':')
                    .append(a.containerPath()).append('\n'));
            return Answer.ok(out.toString());
        });
    }

    Answer storageMount(List<String> args) {
        return apps.withApp(args, app -> {
            if (args.size() < 2 || args.get(1).split(":").length < 2) {
                return Answer.fail(1, bang("Please specify a mount path"));
            }
            String[] parts = args.get(1).split(":");
            for (SandboxApp.Attachment a : app.attachments) {
                if (a.hostPath().equals(parts[0]) && a.containerPath().equals(parts[1])) {
                    return Answer.fail(1, bang("Mount path already exists."));
                }
            }
            app.attachments.add(new SandboxApp.Attachment(legacyEntryName(parts[0]), parts[0], parts[1]));
            return Answer.ok("");
        });
    }

    Answer storageUnmount(List<String> args) {
        return apps.withApp(args, app -> {
            String[] parts = args.size() < 2 ? new String[0] : args.get(1).split(":");
            boolean removed = parts.length >= 2 && app.attachments.removeIf(
                    a -> a.hostPath().equals(parts[0]) && a.containerPath().equals(parts[1]));
            return removed ? Answer.ok("") : Answer.fail(1, bang("Mount path does not exist."));
        });
    }

    Answer ensureDirectory(List<String> args) {
        String name = args.isEmpty() ? "" : args.get(0);
        if (!name.matches("^[A-Za-z0-9_-]+$")) {
            return Answer.fail(1, bang("Invalid directory name"));
        }
        state.storageDirectories.add(name);
        return Answer.ok("-----> Ensuring /var/lib/dokku/data/storage/" + name + " exists\n"
                        + "       Setting directory ownership to 32767:32767\n       Directory ready for mounting\n",
                bang("Deprecated: please use 'storage:create' instead of 'storage:ensure-directory'"));
    }

    static String legacyEntryName(String hostPath) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(hostPath.getBytes(StandardCharsets.UTF_8));
            return "legacy-" + HexFormat.of().formatHex(sha).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
