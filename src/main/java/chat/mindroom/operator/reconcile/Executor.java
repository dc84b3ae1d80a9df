package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.Executed;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.Replica;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The only code that writes to Dokku: runs one action through the host's client and records it as
 * an event with the redacted command, exit code and duration.
 */
public final class Executor {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ReconcileStore store;
    private final Path backupDir;
    private final Clock clock;
    private final Replica replica;

    public Executor(ReconcileStore store, Path backupDir, Clock clock, Replica replica) {
        this.store = store;
        this.backupDir = backupDir;
        this.clock = clock;
        this.replica = replica;
    }

    /**
     * Runs {@code action}, unless another replica holds the instance's lease now: then nothing is
     * written and {@code LEASE_LOST} says why (fencing; the holder's own pass does the work).
     */
    public void apply(InstanceName name, long generation, DokkuClient client, Action action) {
        if (!store.mayWrite(name, replica.id())) {
            throw new OperatorException(ErrorCode.LEASE_LOST, "replica " + replica.id() + " no longer holds the lease"
                    + " of instance " + name + "; " + action.describe() + " not run");
        }
        // Intent before, outcome after: a command the process dies in is recorded as Interrupted.
        long running = store.commandStarting(name, replica.id(), action.describe(), generation);
        try {
            run(name, generation, client, action);
        } finally {
            store.commandEnded(running);
        }
    }

    private void run(InstanceName name, long generation, DokkuClient client, Action action) {
        if (action instanceof Action.CreateApp a) {
            store.recordCreating(name, "app", a.app());
            store.recordEvent(name, NewEvent.normal("CreatingApp", "creating app " + a.app(), generation));
            record(name, generation, client.createApp(a.app()));
        } else if (action instanceof Action.DestroyApp a) {
            record(name, generation, client.destroyApp(a.app()));
        } else if (action instanceof Action.CreateService a) {
            store.recordCreating(name, a.kind().key(), a.service());
            record(name, generation, client.createService(a.kind(), a.service()));
        } else if (action instanceof Action.DestroyService a) {
            record(name, generation, client.destroyService(a.kind(), a.service()));
        } else if (action instanceof Action.LinkService a) {
            record(name, generation, client.link(a.kind(), a.service(), a.app()));
        } else if (action instanceof Action.UnlinkService a) {
            record(name, generation, client.unlink(a.kind(), a.service(), a.app()));
        } else if (action instanceof Action.SetConfig a) {
            record(name, generation, client.setConfig(a.app(), a.values(), a.secretKeys()));
        } else if (action instanceof Action.UnsetConfig a) {
            record(name, generation, client.unsetConfig(a.app(), a.keys()));
        } else if (action instanceof Action.SetLimits a) {
            record(name, generation, client.setLimits(a.app(), a.memory(), a.cpu()));
        } else if (action instanceof Action.SetDomains a) {
            record(name, generation, client.setDomains(a.app(), a.domains()));
        } else if (action instanceof Action.EnsureStorage a) {
            record(name, generation, client.ensureStorage(a.name()));
        } else if (action instanceof Action.MountStorage a) {
            record(name, generation, client.mount(a.app(), a.hostPath(), a.containerPath()));
        } else if (action instanceof Action.UnmountStorage a) {
            record(name, generation, client.unmount(a.app(), a.hostPath(), a.containerPath()));
        } else if (action instanceof Action.Deploy a) {
            Optional<Executed> deployed = client.deployImage(a.app(), a.image());
            if (deployed.isPresent()) {
                record(name, generation, deployed.get());
            } else {
                // Same image as the last deploy but the app is not deployed/running: rebuild it.
                record(name, generation, client.rebuild(a.app()));
            }
        } else if (action instanceof Action.Restart a) {
            record(name, generation, client.restart(a.app()));
        } else if (action instanceof Action.StopApp a) {
            record(name, generation, client.stop(a.app()));
        } else if (action instanceof Action.StartApp a) {
            record(name, generation, client.start(a.app()));
        } else if (action instanceof Action.EnableTls a) {
            record(name, generation, client.enableTls(a.app()));
        } else if (action instanceof Action.BackupDatabase a) {
            backup(name, generation, client, a.service());
        } else {
            throw new IllegalStateException("unhandled action " + action.getClass().getSimpleName());
        }
    }

    void record(InstanceName name, long generation, Executed executed) {
        store.recordEvent(name, new NewEvent("Normal", "DokkuCommand", "ran on host " + executed.host(),
                Optional.of(executed.command()), Optional.of(executed.exitCode()),
                Optional.of(executed.duration().toMillis()), "reconciler", generation));
    }

    /** Streams the dump to a temporary file, then renames it into place with its checksum recorded. */
    private void backup(InstanceName name, long generation, DokkuClient client, String service) {
        Path dir = backupDir.resolve(name.value());
        Path target = dir.resolve(STAMP.format(clock.instant()) + ".dump");
        Path partial = dir.resolve(target.getFileName() + ".partial");
        try {
            Files.createDirectories(dir);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Executed executed;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
                executed = client.exportDatabase(service, out);
            }
            long size = Files.size(partial);
            if (size == 0) {
                throw new OperatorException(ErrorCode.COMMAND_FAILED, "postgres:export " + service + " produced no data");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            record(name, generation, executed);
            store.recordEvent(name, NewEvent.normal("BackupCompleted", "database " + service + " exported to " + target
                    + " (" + size + " bytes, sha256 " + HexFormat.of().formatHex(sha.digest()) + ")", generation));
        } catch (IOException e) {
            throw new OperatorException(ErrorCode.COMMAND_FAILED, "backup of " + service + " into " + dir + " failed: "
                    + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (OperatorException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file stays; it never carries the .dump name
            }
            throw new OperatorException(e.code(), "backup of " + service + " failed, teardown blocked: " + e.getMessage(), e);
        }
    }
}
