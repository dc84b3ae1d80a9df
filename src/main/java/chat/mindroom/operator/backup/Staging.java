package chat.mindroom.operator.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The local scratch directory a backup or restore streams through; removed when it ends. */
final class Staging {

    private Staging() {
    }

    static void remove(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover scratch file; the next start of the same id never happens (ids are unique)
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
