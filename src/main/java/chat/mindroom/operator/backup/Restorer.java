package chat.mindroom.operator.backup;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Brings an instance's data back from a complete backup: every part is fetched and its size and
 * sha256 checked before anything on the host is touched; then the apps are stopped, PostgreSQL,
 * Redis and the volumes are replaced part by part, and the apps are started. The instance shows
 * phase {@code Restoring} meanwhile and holds its lease, so the reconcile loop leaves it alone. A
 * failure says, in a condition and an event, exactly which parts were restored and which were not.
 */
public final class Restorer {

    /** Bytes per {@code dokku run} that appends to a volume archive (base64 grows it by a third). */
    static final int CHUNK = 48 * 1024;
    private static final Duration LEASE = Duration.ofHours(1);
    private static final String ARCHIVE = ".mindroom-restore.tar";

    /** A restore that holds the instance's lease and is about to run. */
    public record Started(Instance instance, BackupRecord backup, BackupTargets.Plan plan,
                          List<PartMapping.Assignment> assignments) {
    }

    private final ReconcileStore store;
    private final BackupStore backups;
    private final BackupStorage storage;
    private final BackupTargets targets;
    private final DokkuFleet fleet;
    private final BackupMetrics metrics;
    private final Path staging;
    private final String holder;
    private final Clock clock;
    private final Consumer<InstanceName> wake;

    public Restorer(ReconcileStore store, BackupStore backups, BackupStorage storage, BackupTargets targets,
                    DokkuFleet fleet, BackupMetrics metrics, Path staging, String replica, Clock clock,
                    Consumer<InstanceName> wake) {
        this.store = store;
        this.backups = backups;
        this.storage = storage;
        this.targets = targets;
        this.fleet = fleet;
        this.metrics = metrics;
        this.staging = staging;
        this.holder = replica + ":restore";
        this.clock = clock;
        this.wake = wake;
    }

    /** A uid as {@code from} names exactly one instance, live or purged. */
    public static final Pattern UID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    /**
     * Checks the request and takes the instance's lease (waiting a little for a running pass); shows
     * Restoring. Without {@code from} only the instance's own backups (its uid) are restored; a backup
     * of another instance, including an earlier instance of the same name, needs {@code from}: the
     * source's name (any instance ever of that name) or its uid (exactly that one).
     */
    public Started begin(InstanceName name, String backupId, Optional<String> from) throws InterruptedException {
        Instance instance = store.find(name).orElseThrow(() -> new OperatorException(ErrorCode.NOT_FOUND,
                "instance " + name + " does not exist"));
        if (instance.tombstoned()) {
            throw new OperatorException(ErrorCode.CONFLICT, "instance " + name + " is deleted (purge at "
                    + instance.purgeAt().orElseThrow() + "); undelete it first, or restore into a new instance");
        }
        BackupRecord backup = chosen(instance, backupId, from);
        boolean own = backup.takenOf(name.value(), instance.uid());
        String source = backup.instance() + backup.instanceUid().map(u -> " (uid " + u + ")").orElse("");
        if (!backup.complete()) {
            throw new OperatorException(ErrorCode.CONFLICT, "backup " + backupId + " is " + backup.status()
                    + ", not complete; only a complete backup can be restored");
        }
        BackupTargets.Plan plan = targets.plan(instance);
        List<PartMapping.Assignment> assignments = PartMapping.assign(backup.parts(), plan.targets());
        boolean claimed = store.claim(name, holder, LEASE);
        for (int i = 0; i < 40 && !claimed; i++) {
            Thread.sleep(250);
            claimed = store.claim(name, holder, LEASE);
        }
        if (!claimed) {
            throw new OperatorException(ErrorCode.CONFLICT, "instance " + name + " is busy (a reconcile pass, or"
                    + " another restore, holds it); try again shortly");
        }
        show(instance, Phase.Restoring, "False", "Verifying", "checking the checksums of backup " + backupId);
        store.recordEvent(name, NewEvent.normal("RestoreStarted", "restoring backup " + backupId + " ("
                + backup.parts().size() + " parts" + (own ? "" : ", taken of instance " + source)
                + ")", instance.generation()));
        return new Started(instance, backup, plan, assignments);
    }

    /** The backup the request names, if it is one the request may restore; else 404 saying why. */
    private BackupRecord chosen(Instance instance, String backupId, Optional<String> from) {
        Optional<BackupRecord> found = backups.find(backupId);
        if (found.isPresent()) {
            BackupRecord b = found.get();
            boolean allowed;
            if (from.isEmpty()) {
                allowed = b.takenOf(instance.name().value(), instance.uid());
            } else if (UID.matcher(from.get()).matches()) {
                allowed = b.instanceUid().map(u -> u.toString().equals(from.get())).orElse(false);
            } else {
                allowed = b.instance().equals(from.get());
            }
            if (allowed) {
                return b;
            }
            if (from.isEmpty()) {
                throw new OperatorException(ErrorCode.NOT_FOUND, "backup " + backupId + " was not taken of this"
                        + " instance but of " + (b.instance().equals(instance.name().value()) ? "an earlier instance"
                        + " named " : "instance ") + b.instance() + b.instanceUid().map(u -> " (uid " + u + ")")
                        .orElse("") + "; name that instance with \"from\" to restore its data into this one");
            }
        }
        throw new OperatorException(ErrorCode.NOT_FOUND, "backup " + backupId + " of "
                + from.map(f -> "instance " + f).orElse("instance " + instance.name()) + " does not exist");
    }

    /** Runs the restore; true when every part was restored and the apps started. */
    public boolean run(Started started) {
        InstanceName name = started.instance().name();
        long generation = started.instance().generation();
        String id = started.backup().id();
        Path dir = staging.resolve("restore-" + id + "-" + clock.millis());
        List<String> restored = new ArrayList<>();
        boolean stopped = false;
        DokkuClient client = fleet.client(started.plan().host());
        try {
            Files.createDirectories(dir);
            for (BackupPart part : started.backup().parts()) {
                fetch(part, dir.resolve(part.part()));
            }
            store.recordEvent(name, NewEvent.normal("RestoreVerified", "every part of backup " + id
                    + " matches its recorded size and sha256; stopping the apps", generation));
            stopped = true;
            for (String app : started.plan().apps()) {
                client.stop(app);
            }
            for (PartMapping.Assignment step : started.assignments()) {
                BackupPart part = step.part();
                show(started.instance(), Phase.Restoring, "False", "Restoring", "restoring " + part.part()
                        + (restored.isEmpty() ? "" : "; restored so far: " + String.join(", ", restored)));
                write(client, step, dir.resolve(part.part()));
                restored.add(part.part());
                store.renew(name, holder, LEASE);
                store.recordEvent(name, NewEvent.normal("RestoredPart", "backup " + id + ": " + part.part()
                        + " restored into " + step.into().source(), generation));
            }
            for (String app : started.plan().apps()) {
                client.start(app);
            }
            show(started.instance(), Phase.Ready, "True", "Restored", "backup " + id + " restored: "
                    + String.join(", ", restored));
            store.recordEvent(name, NewEvent.normal("RestoreCompleted", "backup " + id + " restored ("
                    + String.join(", ", restored) + "); apps started", generation));
            metrics.restored(true);
            return true;
        } catch (IOException | RuntimeException e) {
            List<String> missing = started.backup().parts().stream().map(BackupPart::part)
                    .filter(p -> !restored.contains(p)).toList();
            String what = restored.isEmpty()
                    ? "nothing was restored; the instance's data is as it was before"
                    : "restored: " + String.join(", ", restored) + "; NOT restored: " + String.join(", ", missing);
            String message = "restore of backup " + id + " failed: " + e.getMessage() + "; " + what;
            if (stopped) {
                message += startAgain(client, started.plan().apps());
            }
            show(started.instance(), restored.isEmpty() ? started.instance().status().phase() : Phase.Degraded,
                    "False", restored.isEmpty() ? "RestoreFailed" : "PartiallyRestored", message);
            store.recordEvent(name, NewEvent.warning("RestoreFailed", message, generation));
            metrics.restored(false);
            return false;
        } finally {
            Staging.remove(dir);
            store.release(name, holder);
            wake.accept(name);
        }
    }

    private void fetch(BackupPart part, Path file) throws IOException {
        Checksummed sum;
        try (InputStream in = storage.open(part.location());
             Checksummed out = new Checksummed(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            in.transferTo(out);
            sum = out;
        }
        if (sum.size() != part.sizeBytes() || !sum.sha256().equals(part.sha256())) {
            throw new OperatorException(ErrorCode.COMMAND_FAILED, "part " + part.part() + " is damaged in storage: "
                    + sum.size() + " bytes with sha256 " + sum.sha256() + ", recorded " + part.sizeBytes()
                    + " bytes with sha256 " + part.sha256());
        }
    }

    private static void write(DokkuClient client, PartMapping.Assignment step, Path file) throws IOException {
        BackupTargets.Target into = step.into();
        switch (into.kind()) {
            case "postgres", "redis" -> {
                ServiceKind kind = into.kind().equals("postgres") ? ServiceKind.POSTGRES : ServiceKind.REDIS;
                try (InputStream in = Files.newInputStream(file)) {
                    client.importService(kind, into.service(), in);
                }
            }
            default -> {
                String archive = into.directory() + "/" + ARCHIVE;
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] chunk;
                    boolean first = true;
                    while ((chunk = in.readNBytes(CHUNK)).length > 0) {
                        client.writeToVolume(into.app(), archive, chunk, !first);
                        first = false;
                    }
                }
                client.replaceVolume(into.app(), into.directory(), archive, step.part().sha256());
            }
        }
    }

    private static String startAgain(DokkuClient client, List<String> apps) {
        List<String> failed = new ArrayList<>();
        for (String app : apps) {
            try {
                client.start(app);
            } catch (OperatorException e) {
                failed.add(app);
            }
        }
        return failed.isEmpty() ? "; apps started again" : "; apps NOT started: " + String.join(", ", failed);
    }

    private void show(Instance instance, Phase phase, String status, String reason, String message) {
        List<Condition> conditions = new ArrayList<>(instance.status().conditions().stream()
                .filter(c -> !c.type().equals("Restored")).toList());
        conditions.add(new Condition("Restored", status, reason, message, clock.instant()));
        store.recordProgress(instance.name(), phase, conditions);
    }
}
