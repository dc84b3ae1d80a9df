package chat.mindroom.operator.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Backup parts as files under a directory: {@code <dir>/<instance>/<backup id>/<part>}. */
public final class LocalBackupStorage implements BackupStorage {

    private final Path root;

    public LocalBackupStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String put(String key, Path staged, long size, String sha256) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        return target.toString();
    }

    @Override
    public InputStream open(String location) throws IOException {
        return Files.newInputStream(inside(Path.of(location)));
    }

    @Override
    public void delete(String location) throws IOException {
        Path file = inside(Path.of(location));
        Files.deleteIfExists(file);
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var left = Files.list(dir)) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path resolve(String key) {
        return inside(root.resolve(key));
    }

    private Path inside(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        if (!normal.startsWith(root)) {
            throw new IllegalArgumentException(path + " is not inside the backup directory " + root);
        }
        return normal;
    }
}
