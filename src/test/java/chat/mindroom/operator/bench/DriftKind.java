package chat.mindroom.operator.bench;

import chat.mindroom.operator.sandbox.SandboxState;
import chat.mindroom.operator.testing.RawSsh;
import java.util.List;

/**
 * One kind of change a person makes to an instance behind the operator's back, the Dokku commands
 * that make it (sent over SSH with the person's own key), and how the operator can learn of it.
 */
enum DriftKind {

    ENV_CHANGED("owned env key changed (`config:set --no-restart ... MINDROOM_TIER=hacked`)", Seen.EVENTS,
            "config:set --no-restart mr-%s-backend MINDROOM_TIER=hacked"),
    ENV_REMOVED("owned env key removed (`config:unset --no-restart ... MINDROOM_AGENTS`)", Seen.EVENTS,
            "config:unset --no-restart mr-%s-backend MINDROOM_AGENTS"),
    STOPPED("app stopped (`ps:stop`)", Seen.EVENTS, "ps:stop mr-%s-backend"),
    CONTAINER_DIED("container died (no Dokku command, nothing in the events log)", Seen.PROXY),
    LIMITS("limits changed (`resource:limit --memory 3g`)", Seen.SNAPSHOT, "resource:limit --memory 3g mr-%s-backend"),
    DOMAINS("domains changed (`domains:set` on the frontend)", Seen.SNAPSHOT,
            "domains:set mr-%s-frontend elsewhere.example.com"),
    MOUNT_REMOVED("storage mount removed (`storage:unmount`)", Seen.SNAPSHOT,
            "storage:unmount mr-%1$s-backend /var/lib/dokku/data/storage/mr-%1$s:/app/data"),
    SERVICE_UNLINKED("service unlinked (`postgres:unlink ... --no-restart`)", Seen.EVENTS,
            "postgres:unlink mr-%1$s-db mr-%1$s-backend --no-restart"),
    SERVICE_DESTROYED("service destroyed (`redis:unlink`, then `redis:destroy --force`)", Seen.SNAPSHOT,
            "redis:unlink mr-%1$s-redis mr-%1$s-backend --no-restart", "redis:destroy mr-%s-redis --force"),
    APP_DESTROYED("app destroyed (`apps:destroy --force` of the frontend)", Seen.SNAPSHOT,
            "apps:destroy mr-%s-frontend --force"),
    IMAGE_DEPLOYED("another image deployed (`git:from-image ... other/image:x`)", Seen.SNAPSHOT,
            "git:from-image mr-%s-backend other/image:x"),
    TLS_DISABLED("TLS disabled (`letsencrypt:disable` of the frontend)", Seen.EVENTS,
            "letsencrypt:disable mr-%s-frontend");

    /** What makes the operator read the changed instance in full. */
    enum Seen {
        /** The host's snapshot (bulk reports, service lists) differs from what the operator knows. */
        SNAPSHOT,
        /** Only Dokku's events log shows it: a change trigger by a key that is not the operator's. */
        EVENTS,
        /** The host's proxy answers 502 for the app's domain (its container is gone). */
        PROXY,
        /** Nothing but the rotating full verification. */
        FULL_SWEEP
    }

    final String label;
    final Seen seen;
    private final List<String> commands;

    DriftKind(String label, Seen seen, String... commands) {
        this.label = label;
        this.seen = seen;
        this.commands = List.of(commands);
    }

    /** The exec strings that make this change to {@code instance}. */
    List<String> commands(String instance) {
        return commands.stream().map(c -> String.format(c, instance)).toList();
    }

    /** Makes the change; every command must succeed, or the sample would measure nothing. */
    void inject(RawSsh ssh, SandboxState state, String instance) {
        if (this == CONTAINER_DIED) {
            if (!state.containerDied("mr-" + instance + "-backend")) {
                throw new IllegalStateException("no backend app for " + instance);
            }
            return;
        }
        for (String command : commands(instance)) {
            RawSsh.Result result = ssh.exec(command);
            if (result.exit() != 0) {
                throw new IllegalStateException(command + ": exit " + result.exit() + " " + result.stderr());
            }
        }
    }
}
