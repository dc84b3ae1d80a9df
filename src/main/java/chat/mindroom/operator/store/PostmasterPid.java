package chat.mindroom.operator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code postmaster.pid} in a data directory says: the postmaster's pid, the data directory it
 * serves and when it started. A file left behind by a killed operator names either a postmaster
 * that still runs (orphaned) or a pid that is gone or was reused by some other process.
 */
record PostmasterPid(long pid, Path dataDirectory, Instant started) {

    /** A postmaster starts within this long of the time it writes into the file. */
    private static final Duration START_SLACK = Duration.ofMinutes(2);

    static Optional<PostmasterPid> read(Path dataDirectory) {
        Path file = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 3) {
                return Optional.empty();
            }
            return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).strip()), Path.of(lines.get(1).strip()),
                    Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip()))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The running postmaster this file describes, if it runs: a live process whose executable is
     * named postgres and that started when the file says. A pid reused by anything else is not it.
     */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> {
            ProcessHandle.Info info = p.info();
            boolean postgres = info.command().map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                    .orElse(true); // unreadable: assume it may be ours rather than start a second server
            boolean sameStart = info.startInstant()
                    .map(s -> Duration.between(s, started).abs().compareTo(START_SLACK) <= 0).orElse(true);
            return postgres && sameStart;
        });
    }
}
