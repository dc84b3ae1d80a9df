package chat.mindroom.operator.backup;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.Background;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.ReconcileStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes backups: every data-carrying part of an instance (PostgreSQL, Redis, mounted volumes) is
 * streamed from its host into a staging file while its sha256 is computed, then stored; the backup
 * is listed as complete only when every part is stored with its size and checksum. Callers (the
 * schedule, the API, later the reconcile pass before a destructive step) get a {@link Taken} that says
 * whether it completed. Two replicas never take a backup of the same instance at once (a claim row).
 */
public final class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);


    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** A running row older than this belongs to a replica that died while taking it. */
    static final Duration STALE = Duration.ofHours(6);

    /** A backup claimed and about to be taken. */
    public record Started(Instance instance, BackupTargets.Plan plan, String id, String reason) {
    }

    /** The outcome of one backup: complete, or failed with the reason. */
    public record Taken(String id, boolean complete, Optional<String> error) {
    }

    private final ReconcileStore store;
    private final BackupStore backups;
    private final BackupStorage storage;
    private final BackupTargets targets;
    private final DokkuFleet fleet;
    private final BackupMetrics metrics;
    private final Path staging;
    private final String replica;
    private final Clock clock;

    public Backups(ReconcileStore store, BackupStore backups, BackupStorage storage, BackupTargets targets,
                   DokkuFleet fleet, BackupMetrics metrics, Path staging, String replica, Clock clock) {
        this.store = store;
        this.backups = backups;
        this.storage = storage;
        this.targets = targets;
        this.fleet = fleet;
        this.metrics = metrics;
        this.staging = staging;
        this.replica = replica;
        this.clock = clock;
    }

    /** Takes a backup now and waits for it. */
    public Taken take(InstanceName name, String reason) {
        return take(name, reason, Optional.empty());
    }

    /** Takes a backup now that reads only {@code objects} when given (see {@link BackupTargets#plan}). */
    public Taken take(InstanceName name, String reason, Optional<Set<String>> objects) {
        return start(name, reason, Optional.empty(), objects).map(this::run).orElseGet(() -> new Taken("", false,
                Optional.of("another backup of " + name + " is running")));
    }

    /**
     * Claims a backup of the instance (empty while another one of it runs); throws NOT_FOUND or
     * CONFLICT when there is nothing that can be backed up.
     */
    public Optional<Started> start(InstanceName name, String reason) {
        return start(name, reason, Optional.empty());
    }

    /** {@link #start(InstanceName, String)} for a schedule slot that began at {@code slot}: none if it has one. */
    public Optional<Started> start(InstanceName name, String reason, Optional<Instant> slot) {
        return start(name, reason, slot, Optional.empty());
    }

    private Optional<Started> start(InstanceName name, String reason, Optional<Instant> slot,
                                    Optional<Set<String>> objects) {
        Instance instance = store.find(name).orElseThrow(() -> new OperatorException(ErrorCode.NOT_FOUND,
                "instance " + name + " does not exist"));
        if (objects.isEmpty() && instance.status().conditions().stream().anyMatch(c -> "Conflict".equals(c.reason()))) {
            // Its names hold objects the operator cannot prove are its own: reading them could put a
            // stranger's data into this customer's backups.
            throw new OperatorException(ErrorCode.CONFLICT, "instance " + name + " has conflicting objects under its"
                    + " names; it is backed up once they are resolved");
        }
        BackupTargets.Plan plan = targets.plan(instance, objects);
        String id = STAMP.format(clock.instant()) + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()
                & 0xffffffffL);
        boolean claimed = backups.claim(new BackupStore.Claim(id, name.value(), plan.tier(), reason, replica,
                plan.host(), instance.generation(), plan.release(), storage.kind(), clock.instant()), STALE, slot);
        return claimed ? Optional.of(new Started(instance, plan, id, reason)) : Optional.empty();
    }

    /** Takes the claimed backup: each part streamed, stored and recorded; then retention. */
    public Taken run(Started started) {
        InstanceName name = started.instance().name();
        long generation = started.instance().generation();
        Path dir = staging.resolve(started.id());
        List<String> stored = new ArrayList<>();
        store.recordEvent(name, NewEvent.normal("BackupStarted", "backup " + started.id() + " (" + started.reason()
                + ") of " + started.plan().targets().size() + " parts to " + storage.kind(), generation));
        try {
            Files.createDirectories(dir);
            DokkuClient client = fleet.client(started.plan().host());
            long total = 0;
            for (BackupTargets.Target target : started.plan().targets()) {
                BackupPart part = Background.call(() -> true, () -> take(client, started, target, dir));
                stored.add(part.location());
                backups.addPart(started.id(), part);
                total += part.sizeBytes();
                store.recordEvent(name, NewEvent.normal("BackupPartStored", "backup " + started.id() + ": "
                        + part.part() + " from " + part.source() + ", " + part.sizeBytes() + " bytes, sha256 "
                        + part.sha256(), generation));
            }
            backups.finish(started.id(), true, Optional.empty(), clock.instant(), Optional.of(
                    NewNotification.backupCompleted(Map.of("backupId", started.id(), "reason", started.reason(),
                            "parts", started.plan().targets().size(), "sizeBytes", total, "storage", storage.kind()))));
            store.recordEvent(name, NewEvent.normal("BackupCompleted", "backup " + started.id() + " complete: "
                    + started.plan().targets().size() + " parts, " + total + " bytes, in " + storage.kind(), generation));
            metrics.taken(started.plan().tier(), true);
            prune(name, started.plan());
            return new Taken(started.id(), true, Optional.empty());
        } catch (IOException | RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            backups.finish(started.id(), false, Optional.of(error), clock.instant());
            for (String location : stored) {
                deleteQuietly(location);
            }
            store.recordEvent(name, NewEvent.warning("BackupFailed", "backup " + started.id() + " failed and is not"
                    + " usable: " + error, generation));
            metrics.taken(started.plan().tier(), false);
            return new Taken(started.id(), false, Optional.of(error));
        } finally {
            Staging.remove(dir);
        }
    }

    private BackupPart take(DokkuClient client, Started started, BackupTargets.Target target, Path dir) {
        Path file = dir.resolve(target.part());
        try {
            Checksummed sum;
            try (Checksummed out = new Checksummed(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                read(client, target, out);
                sum = out;
            }
            if (sum.size() == 0) {
                throw new OperatorException(ErrorCode.COMMAND_FAILED, target.part() + " from " + target.source()
                        + " produced no data");
            }
            String key = started.instance().name().value() + "/" + started.id() + "/" + target.part();
            String location = storage.put(key, file, sum.size(), sum.sha256());
            return new BackupPart(target.part(), target.kind(), target.source(), location, sum.size(), sum.sha256());
        } catch (IOException e) {
            throw new OperatorException(ErrorCode.COMMAND_FAILED, target.part() + ": " + e.getMessage(), e);
        }
    }

    private static void read(DokkuClient client, BackupTargets.Target target, OutputStream out) {
        switch (target.kind()) {
            case "postgres" -> client.exportService(ServiceKind.POSTGRES, target.service(), out);
            case "redis" -> client.exportService(ServiceKind.REDIS, target.service(), out);
            default -> client.readVolume(target.app(), target.directory(), out);
        }
    }

    /** Deletes the complete backups the tier's retention no longer keeps, wherever they are stored. */
    void prune(InstanceName name, BackupTargets.Plan plan) {
        Retention.expired(backups.list(name.value()), plan.policy()).forEach(this::delete);
    }

    /**
     * Deletes the backups of instances purged more than {@code keep} ago (a batch per call); they stay
     * listed under the purged instance as {@code deleted}. Returns how many were deleted.
     */
    public int pruneAfterPurge(Duration keep) {
        int deleted = 0;
        for (BackupRecord old : backups.ofPurgedLongerThan(keep, storage.kind(), 50)) {
            deleted += delete(old) ? 1 : 0;
        }
        return deleted;
    }

    /** Deletes every part of the backup; marks it deleted only when none is left behind. */
    private boolean delete(BackupRecord old) {
        if (!old.storage().equals(storage.kind())) {
            LOG.warn("backup {} of {} is kept in {} storage, not in the {} storage in use: left as it is", old.id(),
                    old.instance(), old.storage(), storage.kind());
            return false;
        }
        boolean gone = true;
        for (BackupPart part : old.parts()) {
            try {
                storage.delete(part.location());
            } catch (IOException | RuntimeException e) {
                gone = false;
                LOG.warn("backup {} of {}: part {} not deleted, tried again later: {}", old.id(), old.instance(),
                        part.part(), e.getMessage());
            }
        }
        if (gone) {
            backups.markDeleted(old.id());
        }
        return gone;
    }

    private void deleteQuietly(String location) {
        try {
            storage.delete(location);
        } catch (IOException | RuntimeException e) {
            // Left behind in storage; the row says which backup it belonged to.
        }
    }

    public List<BackupRecord> list(InstanceName name) {
        return backups.list(name.value());
    }

    public Optional<BackupRecord> find(String backupId) {
        return backups.find(backupId);
    }

    /** The backups of the instance with {@code uid}, live or purged. */
    public List<BackupRecord> listOf(UUID uid) {
        return backups.listOf(uid);
    }

    public String storageKind() {
        return storage.kind();
    }


}
