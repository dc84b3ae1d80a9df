package chat.mindroom.operator.dokku;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.ServiceKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Reads and changes one Dokku host. The port the reconcile loop talks to; implementations are
 * thread-safe.
 *
 * <p>Reads ({@code facts}, {@code apps}, {@code observe*}) never change the host. Writes run one
 * Dokku command each and return what ran (redacted) for the audit trail; none of them restarts an
 * app unless its name says so ({@code config:set} and links always go with {@code --no-restart}).
 * Failures are {@link OperatorException}s classified by {@link DokkuErrors}: e.g. {@code APP_MISSING},
 * {@code ALREADY_EXISTS}, {@code PLUGIN_MISSING} (not retryable) or {@code TRANSPORT_FAILURE},
 * {@code TIMEOUT}, {@code COMMAND_FAILED} (retryable).
 */
public interface DokkuClient extends AutoCloseable {

    /** The host's name in the hosts file. */
    String hostName();

    /** Version and plugins, cached for a few minutes. */
    HostFacts facts();

    /** Version and plugins, read now. */
    HostFacts refreshFacts();

    List<String> apps();

    /**
     * Switches Dokku's events log on where it is off ({@code events:list}, then {@code events:on});
     * true when it is on afterwards.
     */
    boolean ensureEventsLog();

    /** The last lines of Dokku's events log ({@code dokku events}: at most 100), oldest first. */
    List<String> recentEvents();

    ObservedApp observeApp(String app);

    /** The app's environment alone ({@code config:export}): enough to tell who owns it. */
    SortedMap<String, String> appEnv(String app);

    ObservedService observeService(ServiceKind kind, String name);

    /**
     * The structure of every app and service on the host from a few bulk reports; empty where the
     * host's Dokku cannot report in bulk or apps came and went while it was read.
     */
    Optional<HostSnapshot> snapshot();

    /** Observes the named apps and services, reading in parallel. */
    ObservedState observe(Collection<String> apps, Map<String, ServiceKind> services);

    /**
     * Observes the apps and services of an instance that is expected not to exist yet (it has never
     * converged): a client that can list the host's apps and services cheaply reads those lists first
     * and reports only what exists, so a new instance costs a few reads instead of three per app.
     * Whatever exists is observed as {@link #observe} would.
     */
    default ObservedState observeNew(Collection<String> apps, Map<String, ServiceKind> services) {
        return observe(apps, services);
    }

    Executed createApp(String app);

    /** {@code apps:destroy --force}: also unlinks the app from its services. */
    Executed destroyApp(String app);

    /** {@code config:set --encoded --no-restart}; values of {@code secretKeys} never appear in output. */
    Executed setConfig(String app, SortedMap<String, String> values, Set<String> secretKeys);

    Executed unsetConfig(String app, Collection<String> keys);

    /** {@code resource:limit --memory M --cpu C} for the default process type. */
    Executed setLimits(String app, String memory, String cpu);

    Executed setDomains(String app, Collection<String> domains);

    Executed mount(String app, String hostPath, String containerPath);

    Executed unmount(String app, String hostPath, String containerPath);

    Executed ensureStorage(String name);

    Executed createService(ServiceKind kind, String name);

    Executed destroyService(ServiceKind kind, String name);

    Executed link(ServiceKind kind, String service, String app);

    Executed unlink(ServiceKind kind, String service, String app);

    /** {@code git:from-image}; empty when the image is the one already deployed (nothing ran). */
    Optional<Executed> deployImage(String app, String image);

    Executed restart(String app);

    Executed rebuild(String app);

    Executed stop(String app);

    Executed start(String app);

    /** {@code letsencrypt:set APP email ADDRESS}: the ACME account e-mail, needed before the first certificate. */
    Executed setTlsEmail(String app, String email);

    Executed enableTls(String app);

    /** Streams {@code postgres:export} (pg_dump custom format, binary) into {@code out}. */
    Executed exportDatabase(String service, OutputStream out);

    /**
     * Streams a service's dump into {@code out}: {@code postgres:export} (pg_dump custom format) or
     * {@code redis:export} (the RDB file after a BGSAVE).
     */
    Executed exportService(ServiceKind kind, String service, OutputStream out);

    /**
     * Replaces a service's data with a dump read from {@code in}: {@code postgres:import} (pg_restore
     * --clean) or {@code redis:import} (the service is restarted on the new RDB file).
     */
    Executed importService(ServiceKind kind, String service, InputStream in);

    /**
     * Streams a tar of a mounted directory into {@code out}: {@code dokku run APP tar cC DIR .} in a
     * one-off container of the app's image, which has the app's storage mounts.
     */
    Executed readVolume(String app, String containerPath, OutputStream out);

    /**
     * Writes bytes to {@code file} (appending, or replacing what it held) in a one-off container of the
     * app: Dokku passes no stdin to {@code run}, so the bytes travel as an argument.
     */
    Executed writeToVolume(String app, String file, byte[] bytes, boolean append);

    /**
     * In a one-off container of the app: checks that {@code archive} has the sha256 {@code sha256},
     * then (only then) empties {@code dir} except the archive, unpacks the archive into it and removes
     * the archive.
     */
    Executed replaceVolume(String app, String dir, String archive, String sha256);

    @Override
    void close();
}
