package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.Executed;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.NewEvent;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.Replica;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The only code that writes to Dokku: runs one action through the host's client and records it as
 * an event with the redacted command, exit code and duration.
 */
public final class Executor {

    private final ReconcileStore store;
    private final InstanceBackups backups;
    private final Clock clock;
    private final Replica replica;

    public Executor(ReconcileStore store, InstanceBackups backups, Clock clock, Replica replica) {
        this.store = store;
        this.backups = backups;
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
        } else if (action instanceof Action.Backup a) {
            backups.take(name, a.reason(), a.objects()).ifPresent(error -> {
                throw new OperatorException(ErrorCode.COMMAND_FAILED, "the backup " + a.reason() + " failed, so"
                        + " nothing is destroyed: " + error);
            });
        } else {
            throw new IllegalStateException("unhandled action " + action.getClass().getSimpleName());
        }
    }

    void record(InstanceName name, long generation, Executed executed) {
        store.recordEvent(name, new NewEvent("Normal", "DokkuCommand", "ran on host " + executed.host(),
                Optional.of(executed.command()), Optional.of(executed.exitCode()),
                Optional.of(executed.duration().toMillis()), "reconciler", generation));
    }
}
