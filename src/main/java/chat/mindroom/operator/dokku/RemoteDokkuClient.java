package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.ServiceKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * {@link DokkuClient} over any {@link DokkuTransport} (SSH or a local process). The writes are here,
 * one Dokku command each; the reads are the {@link HostObserver}'s, and both run their commands
 * through one {@link CommandRunner}.
 */
public final class RemoteDokkuClient implements DokkuClient {

    public static final Duration SHORT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration LONG_TIMEOUT = Duration.ofMinutes(15);

    private final String hostName;
    private final CommandRunner runner;
    private final HostObserver observer;

    public RemoteDokkuClient(String hostName, DokkuTransport transport) {
        this(hostName, transport, CommandListener.NONE);
    }

    public RemoteDokkuClient(String hostName, DokkuTransport transport, CommandListener listener) {
        requireNonNull(listener, "listener is null");
        this.hostName = requireNonNull(hostName, "hostName is null");
        this.runner = new CommandRunner(hostName, requireNonNull(transport, "transport is null"), listener);
        this.observer = new HostObserver(runner);
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public HostFacts facts() {
        return observer.facts();
    }

    @Override
    public boolean ensureEventsLog() {
        return observer.ensureEventsLog();
    }

    @Override
    public List<String> recentEvents() {
        return observer.recentEvents();
    }

    @Override
    public HostFacts refreshFacts() {
        return observer.refreshFacts();
    }

    @Override
    public List<String> apps() {
        return observer.apps();
    }

    @Override
    public SortedMap<String, String> appEnv(String app) {
        return observer.appEnv(app);
    }

    @Override
    public ObservedApp observeApp(String app) {
        return observer.observeApp(app);
    }

    @Override
    public Optional<HostSnapshot> snapshot() {
        return observer.snapshot();
    }

    @Override
    public ObservedService observeService(ServiceKind kind, String name) {
        return observer.observeService(kind, name);
    }

    @Override
    public ObservedState observe(Collection<String> apps, Map<String, ServiceKind> services) {
        return observer.observe(apps, services);
    }

    @Override
    public ObservedState observeNew(Collection<String> apps, Map<String, ServiceKind> services) {
        return observer.observeNew(apps, services);
    }

    @Override
    public Executed createApp(String app) {
        return runner.write(DokkuCommand.of("apps:create").arg(app).slow().build());
    }

    @Override
    public Executed destroyApp(String app) {
        return runner.write(DokkuCommand.of("apps:destroy").flag("--force").arg(app).slow().build());
    }

    @Override
    public Executed setConfig(String app, SortedMap<String, String> values, Set<String> secretKeys) {
        DokkuCommand.Builder command = DokkuCommand.of("config:set").flag("--encoded").flag("--no-restart").arg(app);
        values.forEach((key, value) -> {
            if (!key.matches("^[a-zA-Z_][a-zA-Z0-9_]*$")) {
                throw new OperatorException(ErrorCode.UNSAFE_ARGUMENT, "'" + key + "' is not a valid config key");
            }
            String pair = key + "=" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            // Every value is redacted in logs: base64 says nothing to a reader and may hide a secret.
            command.secretArg(pair);
        });
        return runner.write(command.build());
    }

    @Override
    public Executed unsetConfig(String app, Collection<String> keys) {
        return runner.write(DokkuCommand.of("config:unset").flag("--no-restart").arg(app).args(keys).build());
    }

    @Override
    public Executed setLimits(String app, String memory, String cpu) {
        return runner.write(DokkuCommand.of("resource:limit").flag("--memory").arg(memory).flag("--cpu").arg(cpu)
                .arg(app).build());
    }

    @Override
    public Executed setDomains(String app, Collection<String> domains) {
        return runner.write(DokkuCommand.of("domains:set").arg(app).args(new ArrayList<>(domains)).slow().build());
    }

    @Override
    public Executed mount(String app, String hostPath, String containerPath) {
        return runner.write(DokkuCommand.of("storage:mount").arg(app).arg(hostPath + ":" + containerPath).build());
    }

    @Override
    public Executed unmount(String app, String hostPath, String containerPath) {
        return runner.write(DokkuCommand.of("storage:unmount").arg(app).arg(hostPath + ":" + containerPath).build());
    }

    @Override
    public Executed ensureStorage(String name) {
        return runner.write(DokkuCommand.of("storage:ensure-directory").arg(name).build());
    }

    @Override
    public Executed createService(ServiceKind kind, String name) {
        return runner.write(DokkuCommand.of(kind.key() + ":create").arg(name).slow().build());
    }

    @Override
    public Executed destroyService(ServiceKind kind, String name) {
        return runner.write(DokkuCommand.of(kind.key() + ":destroy").arg(name).flag("--force").slow().build());
    }

    @Override
    public Executed link(ServiceKind kind, String service, String app) {
        return runner.write(DokkuCommand.of(kind.key() + ":link").arg(service).arg(app).flag("--no-restart").build());
    }

    @Override
    public Executed unlink(ServiceKind kind, String service, String app) {
        return runner.write(DokkuCommand.of(kind.key() + ":unlink").arg(service).arg(app).flag("--no-restart")
                .build());
    }

    @Override
    public Optional<Executed> deployImage(String app, String image) {
        DokkuCommand command = DokkuCommand.of("git:from-image").arg(app).arg(image).slow().build();
        CommandResult result = runner.run(command);
        if (!result.ok() && DokkuErrors.classify(result) == ErrorCode.NO_CHANGES) {
            return Optional.empty();
        }
        runner.ok(command, result);
        return Optional.of(new Executed(hostName, command.redacted(), 0, result.duration()));
    }

    @Override
    public Executed restart(String app) {
        return runner.write(DokkuCommand.of("ps:restart").arg(app).slow().build());
    }

    @Override
    public Executed rebuild(String app) {
        return runner.write(DokkuCommand.of("ps:rebuild").arg(app).slow().build());
    }

    @Override
    public Executed stop(String app) {
        return runner.write(DokkuCommand.of("ps:stop").arg(app).slow().build());
    }

    @Override
    public Executed start(String app) {
        return runner.write(DokkuCommand.of("ps:start").arg(app).slow().build());
    }

    @Override
    public Executed setTlsEmail(String app, String email) {
        return runner.write(DokkuCommand.of("letsencrypt:set").arg(app).arg("email").arg(email).build());
    }

    @Override
    public Executed enableTls(String app) {
        return runner.write(DokkuCommand.of("letsencrypt:enable").arg(app).slow().build());
    }

    @Override
    public Executed exportDatabase(String service, OutputStream out) {
        return exportService(ServiceKind.POSTGRES, service, out);
    }

    @Override
    public Executed exportService(ServiceKind kind, String service, OutputStream out) {
        return runner.streamed(DokkuCommand.of(kind.key() + ":export").arg(service).slow().build(), out);
    }

    @Override
    public Executed importService(ServiceKind kind, String service, InputStream in) {
        return runner.fed(DokkuCommand.of(kind.key() + ":import").arg(service).slow().build(), in);
    }

    @Override
    public Executed readVolume(String app, String containerPath, OutputStream out) {
        // tar's default archive is stdout; the old-style "cC" needs no dash (Dokku refuses none, we do).
        return runner.streamed(DokkuCommand.of("run").arg(app).arg("tar").arg("cC").arg(containerPath).arg(".")
                .slow().build(), out);
    }

    @Override
    public Executed writeToVolume(String app, String file, byte[] bytes, boolean append) {
        // The piece is customer data: redacted like a secret in every log, event and error.
        return runner.write(DokkuCommand.of("run").arg(app).arg("sh").option("-c")
                .arg(append ? VolumeScripts.APPEND : VolumeScripts.WRITE).arg(file)
                .secretArg(Base64.getEncoder().encodeToString(bytes)).slow().build());
    }

    @Override
    public Executed replaceVolume(String app, String dir, String archive, String sha256) {
        return runner.write(DokkuCommand.of("run").arg(app).arg("sh").option("-c").arg(VolumeScripts.REPLACE)
                .arg(dir).arg(archive).arg(sha256).slow().build());
    }

    @Override
    public void close() {
        observer.close();
        runner.close();
    }
}
