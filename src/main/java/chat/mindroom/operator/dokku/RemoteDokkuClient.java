package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.parse.DokkuOutput;
import chat.mindroom.operator.dokku.parse.DokkuVersion;
import chat.mindroom.operator.dokku.parse.ParsedReport;
import chat.mindroom.operator.spec.ServiceKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import chat.mindroom.operator.dokku.HostSnapshot.AppSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** {@link DokkuClient} over any {@link DokkuTransport} (SSH or a local process). */
public final class RemoteDokkuClient implements DokkuClient {

    public static final Duration SHORT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration LONG_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration FACTS_TTL = Duration.ofMinutes(5);

    private final String hostName;
    private final DokkuTransport transport;
    private final ExecutorService readers;
    private final AtomicReference<CachedFacts> facts = new AtomicReference<>();
    private final CommandListener listener;

    private record CachedFacts(HostFacts facts, long readAtNanos) {
    }

    public RemoteDokkuClient(String hostName, DokkuTransport transport) {
        this(hostName, transport, CommandListener.NONE);
    }

    public RemoteDokkuClient(String hostName, DokkuTransport transport, CommandListener listener) {
        this.listener = requireNonNull(listener, "listener is null");
        this.hostName = requireNonNull(hostName, "hostName is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dokku-read-" + hostName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String hostName() {
        return hostName;
    }

    private CommandResult run(DokkuCommand command) {
        long start = System.nanoTime();
        try {
            CommandResult result = transport.run(command,
                    command.timeoutClass() == DokkuCommand.Duration.LONG ? LONG_TIMEOUT : SHORT_TIMEOUT);
            listener.completed(command.name(), result.ok() ? "ok" : "failed", result.duration());
            return result;
        } catch (OperatorException e) {
            listener.completed(command.name(), e.code().name().toLowerCase(java.util.Locale.ROOT),
                    Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    /** Runs a read; a non-zero exit is a classified failure. */
    private CommandResult read(DokkuCommand command) {
        CommandResult result = run(command);
        if (!result.ok()) {
            throw DokkuErrors.failure(hostName, command, result);
        }
        return result;
    }

    private Executed write(DokkuCommand command) {
        CommandResult result = run(command);
        if (!result.ok()) {
            throw DokkuErrors.failure(hostName, command, result);
        }
        return new Executed(hostName, command.redacted(), result.exitCode(), result.duration());
    }

    private static DokkuCommand json(String name, String app) {
        return DokkuCommand.of(name).arg(app).flag("--format").arg("json").build();
    }

    @Override
    public HostFacts facts() {
        CachedFacts cached = facts.get();
        if (cached != null && System.nanoTime() - cached.readAtNanos() < FACTS_TTL.toNanos()) {
            return cached.facts();
        }
        return refreshFacts();
    }

    @Override
    public boolean ensureEventsLog() {
        CommandResult list = read(DokkuCommand.of("events:list").build());
        if (!list.stderr().contains("Events logger disabled")) {
            return true;
        }
        write(DokkuCommand.of("events:on").build());
        return true;
    }

    @Override
    public List<String> recentEvents() {
        return read(DokkuCommand.of("events").build()).stdoutText().lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public HostFacts refreshFacts() {
        DokkuVersion version = DokkuOutput.version(read(DokkuCommand.of("version").build()).stdoutText());
        if (!version.supported()) {
            throw new OperatorException(ErrorCode.COMMAND_FAILED, "host " + hostName + " runs Dokku " + version
                    + "; the operator needs " + DokkuVersion.FLOOR + " or newer");
        }
        DokkuCommand pluginList = version.hasJsonPluginList()
                ? DokkuCommand.of("plugin:list").flag("--format").arg("json").build()
                : DokkuCommand.of("plugin:list").build();
        HostFacts fresh = new HostFacts(version, DokkuOutput.plugins(read(pluginList).stdoutText()));
        facts.set(new CachedFacts(fresh, System.nanoTime()));
        return fresh;
    }

    @Override
    public List<String> apps() {
        boolean json = facts().version().hasJsonAppsList();
        DokkuCommand command = json ? DokkuCommand.of("apps:list").flag("--format").arg("json").build()
                : DokkuCommand.of("apps:list").build();
        return DokkuOutput.appsList(read(command).stdoutText());
    }

    @Override
    public SortedMap<String, String> appEnv(String app) {
        return DokkuOutput.configJson(read(json("config:export", app)).stdoutText());
    }

    @Override
    public ObservedApp observeApp(String app) {
        HostFacts host = facts();
        // The slowest read (ps:report) starts at once with apps:report and config:export; the other
        // reports follow as soon as apps:report says the app exists, so a missing app costs 3 reads.
        var ps = async(() -> run(json("ps:report", app)));
        var report = async(() -> run(json("apps:report", app)));
        var env = async(() -> run(json("config:export", app)));
        CommandResult apps = join(report);
        if (apps.exitCode() == 20) {
            return ObservedApp.missing(app);
        }
        var resource = async(() -> run(json("resource:report", app)));
        DokkuCommand domainsCommand = host.version().hasJsonDomainsReport() ? json("domains:report", app)
                : DokkuCommand.of("domains:report").arg(app).build();
        var domains = async(() -> run(domainsCommand));
        var mounts = async(() -> run(json("storage:list", app)));
        DokkuCommand tlsCommand = DokkuCommand.of("letsencrypt:active").arg(app).build();
        var tls = async(() -> host.letsencrypt() ? Optional.of(run(tlsCommand)) : Optional.<CommandResult>empty());
        AppSnapshot structure = structure(
                ParsedReport.json("app", ok(json("apps:report", app), apps).stdoutText()),
                ParsedReport.json("resource", ok(json("resource:report", app), join(resource)).stdoutText()),
                host.version().hasJsonDomainsReport()
                        ? ParsedReport.json("domains", ok(domainsCommand, join(domains)).stdoutText())
                        : ParsedReport.text("domains", ok(domainsCommand, join(domains)).stdoutText()),
                DokkuOutput.storageList(ok(json("storage:list", app), join(mounts)).stdoutText()));
        ParsedReport p = ParsedReport.json("ps", ok(json("ps:report", app), join(ps)).stdoutText());
        return new ObservedApp(app, true,
                DokkuOutput.configJson(ok(json("config:export", app), join(env)).stdoutText()),
                structure.memoryLimit(), structure.cpuLimit(), structure.domains(), structure.vhostEnabled(),
                structure.mounts(), structure.deploySource(), structure.deployedImage(),
                "true".equals(p.getOrEmpty("deployed")), "true".equals(p.getOrEmpty("running")),
                !"false".equals(p.getOrEmpty("restore")),
                join(tls).map(r -> DokkuOutput.letsencryptActive(ok(tlsCommand, r).stdoutText())));
    }

    private CommandResult ok(DokkuCommand command, CommandResult result) {
        if (!result.ok()) {
            throw DokkuErrors.failure(hostName, command, result);
        }
        return result;
    }

    /** The structural facts of one app, from its reports: one parse for per-app and bulk reads. */
    private static AppSnapshot structure(ParsedReport apps, ParsedReport resource, ParsedReport domains,
                                         List<DokkuOutput.StorageMount> mounts) {
        TreeSet<String> vhosts = new TreeSet<>();
        for (String v : domains.getOrEmpty("app-vhosts").split("\\s+")) {
            if (!v.isBlank()) {
                vhosts.add(v.toLowerCase(java.util.Locale.ROOT));
            }
        }
        String image = apps.getOrEmpty("deploy-source-metadata");
        return new AppSnapshot(DokkuOutput.defaultLimit(resource, "memory"), DokkuOutput.defaultLimit(resource, "cpu"),
                vhosts, !"false".equals(domains.getOrEmpty("app-enabled")), mounts, apps.getOrEmpty("deploy-source"),
                image.isEmpty() ? Optional.empty() : Optional.of(image));
    }

    @Override
    public Optional<HostSnapshot> snapshot() {
        HostFacts host = facts();
        if (!host.version().hasBulkJsonReports()) {
            return Optional.empty();
        }
        Instant takenAt = Instant.now();
        List<String> before = sorted(apps());
        var apps = async(() -> read(bulk("apps:report")).stdoutText());
        var resource = async(() -> read(bulk("resource:report")).stdoutText());
        var domains = async(() -> read(bulk("domains:report")).stdoutText());
        var storage = async(() -> read(bulk("storage:report")).stdoutText());
        Map<ServiceKind, CompletableFuture<List<String>>> lists = new TreeMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            if (host.hasPlugin(kind.key())) {
                lists.put(kind, async(() -> serviceNames(kind)));
            }
        }
        List<String> appLines = DokkuOutput.ndjsonLines(join(apps));
        List<String> resourceLines = DokkuOutput.ndjsonLines(join(resource));
        List<String> domainLines = DokkuOutput.ndjsonLines(join(domains));
        List<String> storageLines = DokkuOutput.ndjsonLines(join(storage));
        Map<ServiceKind, Set<String>> services = new TreeMap<>();
        lists.forEach((kind, f) -> services.put(kind, new TreeSet<>(join(f))));
        // Bulk reports carry no app name: they line up with the sorted app list only if no app came
        // or went meanwhile. Otherwise this snapshot is not used (passes observe per app).
        if (!before.equals(sorted(apps()))) {
            return Optional.empty();
        }
        int n = before.size();
        if (appLines.size() != n || resourceLines.size() != n || domainLines.size() != n || storageLines.size() != n) {
            return Optional.empty();
        }
        SortedMap<String, AppSnapshot> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String app = before.get(i);
            ParsedReport report = ParsedReport.json("app", appLines.get(i));
            if (!report.getOrEmpty("dir").endsWith("/" + app)) {
                return Optional.empty();
            }
            out.put(app, structure(report, ParsedReport.json("resource", resourceLines.get(i)),
                    ParsedReport.json("domains", domainLines.get(i)),
                    DokkuOutput.storageReportMounts(ParsedReport.json("storage", storageLines.get(i)))));
        }
        return Optional.of(new HostSnapshot(takenAt, out, services));
    }

    private List<String> serviceNames(ServiceKind kind) {
        return DokkuOutput.serviceList(read(DokkuCommand.of(kind.key() + ":list").build()).stdoutText());
    }

    private static DokkuCommand bulk(String name) {
        return DokkuCommand.of(name).flag("--format").arg("json").build();
    }

    private static List<String> sorted(List<String> apps) {
        List<String> copy = new ArrayList<>(apps);
        java.util.Collections.sort(copy);
        return copy;
    }

    @Override
    public ObservedService observeService(ServiceKind kind, String name) {
        DokkuCommand links = DokkuCommand.of(kind.key() + ":links").arg(name).build();
        CommandResult result = run(links);
        if (!result.ok()) {
            if (DokkuErrors.classify(result) == ErrorCode.SERVICE_MISSING) {
                return new ObservedService(kind, name, false, new TreeSet<>());
            }
            throw DokkuErrors.failure(hostName, links, result);
        }
        return new ObservedService(kind, name, true, new TreeSet<>(DokkuOutput.lines(result.stdoutText())));
    }

    @Override
    public ObservedState observe(Collection<String> apps, Map<String, ServiceKind> services) {
        HostFacts host = facts();
        Map<String, CompletableFuture<ObservedApp>> appReads = new TreeMap<>();
        apps.forEach(app -> appReads.put(app, async(() -> observeApp(app))));
        Map<String, CompletableFuture<ObservedService>> serviceReads = new TreeMap<>();
        services.forEach((name, kind) -> serviceReads.put(name, async(() -> observeService(kind, name))));
        SortedMap<String, ObservedApp> observedApps = new TreeMap<>();
        appReads.forEach((name, f) -> observedApps.put(name, join(f)));
        SortedMap<String, ObservedService> observedServices = new TreeMap<>();
        serviceReads.forEach((name, f) -> observedServices.put(name, join(f)));
        return new ObservedState(observedApps, observedServices, host);
    }

    @Override
    public ObservedState observeNew(Collection<String> apps, Map<String, ServiceKind> services) {
        HostFacts host = facts();
        var appList = async(this::apps);
        Map<ServiceKind, CompletableFuture<List<String>>> lists = new TreeMap<>();
        for (ServiceKind kind : new TreeSet<>(services.values())) {
            if (host.hasPlugin(kind.key())) {
                lists.put(kind, async(() -> serviceNames(kind)));
            }
        }
        Set<String> existingApps = new TreeSet<>(join(appList));
        Map<String, ServiceKind> existingServices = new TreeMap<>();
        services.forEach((name, kind) -> {
            // Without the plugin the service cannot exist; observeService reports how it is missing.
            if (!lists.containsKey(kind) || join(lists.get(kind)).contains(name)) {
                existingServices.put(name, kind);
            }
        });
        ObservedState present = observe(apps.stream().filter(existingApps::contains).toList(), existingServices);
        SortedMap<String, ObservedApp> observedApps = new TreeMap<>(present.apps());
        apps.forEach(app -> observedApps.putIfAbsent(app, ObservedApp.missing(app)));
        SortedMap<String, ObservedService> observedServices = new TreeMap<>(present.services());
        services.forEach((name, kind) -> observedServices.putIfAbsent(name,
                new ObservedService(kind, name, false, new TreeSet<>())));
        return new ObservedState(observedApps, observedServices, host);
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(Background.carried(work), readers);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    @Override
    public Executed createApp(String app) {
        return write(DokkuCommand.of("apps:create").arg(app).slow().build());
    }

    @Override
    public Executed destroyApp(String app) {
        return write(DokkuCommand.of("apps:destroy").flag("--force").arg(app).slow().build());
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
        return write(command.build());
    }

    @Override
    public Executed unsetConfig(String app, Collection<String> keys) {
        return write(DokkuCommand.of("config:unset").flag("--no-restart").arg(app).args(keys).build());
    }

    @Override
    public Executed setLimits(String app, String memory, String cpu) {
        return write(DokkuCommand.of("resource:limit").flag("--memory").arg(memory).flag("--cpu").arg(cpu).arg(app)
                .build());
    }

    @Override
    public Executed setDomains(String app, Collection<String> domains) {
        return write(DokkuCommand.of("domains:set").arg(app).args(new ArrayList<>(domains)).slow().build());
    }

    @Override
    public Executed mount(String app, String hostPath, String containerPath) {
        return write(DokkuCommand.of("storage:mount").arg(app).arg(hostPath + ":" + containerPath).build());
    }

    @Override
    public Executed unmount(String app, String hostPath, String containerPath) {
        return write(DokkuCommand.of("storage:unmount").arg(app).arg(hostPath + ":" + containerPath).build());
    }

    @Override
    public Executed ensureStorage(String name) {
        return write(DokkuCommand.of("storage:ensure-directory").arg(name).build());
    }

    @Override
    public Executed createService(ServiceKind kind, String name) {
        return write(DokkuCommand.of(kind.key() + ":create").arg(name).slow().build());
    }

    @Override
    public Executed destroyService(ServiceKind kind, String name) {
        return write(DokkuCommand.of(kind.key() + ":destroy").arg(name).flag("--force").slow().build());
    }

    @Override
    public Executed link(ServiceKind kind, String service, String app) {
        return write(DokkuCommand.of(kind.key() + ":link").arg(service).arg(app).flag("--no-restart").build());
    }

    @Override
    public Executed unlink(ServiceKind kind, String service, String app) {
        return write(DokkuCommand.of(kind.key() + ":unlink").arg(service).arg(app).flag("--no-restart").build());
    }

    @Override
    public Optional<Executed> deployImage(String app, String image) {
        DokkuCommand command = DokkuCommand.of("git:from-image").arg(app).arg(image).slow().build();
        CommandResult result = run(command);
        if (!result.ok() && DokkuErrors.classify(result) == ErrorCode.NO_CHANGES) {
            return Optional.empty();
        }
        if (!result.ok()) {
            throw DokkuErrors.failure(hostName, command, result);
        }
        return Optional.of(new Executed(hostName, command.redacted(), 0, result.duration()));
    }

    @Override
    public Executed restart(String app) {
        return write(DokkuCommand.of("ps:restart").arg(app).slow().build());
    }

    @Override
    public Executed rebuild(String app) {
        return write(DokkuCommand.of("ps:rebuild").arg(app).slow().build());
    }

    @Override
    public Executed stop(String app) {
        return write(DokkuCommand.of("ps:stop").arg(app).slow().build());
    }

    @Override
    public Executed start(String app) {
        return write(DokkuCommand.of("ps:start").arg(app).slow().build());
    }

    @Override
    public Executed setTlsEmail(String app, String email) {
        return write(DokkuCommand.of("letsencrypt:set").arg(app).arg("email").arg(email).build());
    }

    @Override
    public Executed enableTls(String app) {
        return write(DokkuCommand.of("letsencrypt:enable").arg(app).slow().build());
    }

    @Override
    public Executed exportDatabase(String service, OutputStream out) {
        return exportService(ServiceKind.POSTGRES, service, out);
    }

    @Override
    public Executed exportService(ServiceKind kind, String service, OutputStream out) {
        return streamed(DokkuCommand.of(kind.key() + ":export").arg(service).slow().build(), out);
    }

    @Override
    public Executed importService(ServiceKind kind, String service, InputStream in) {
        return fed(DokkuCommand.of(kind.key() + ":import").arg(service).slow().build(), in);
    }

    @Override
    public Executed readVolume(String app, String containerPath, OutputStream out) {
        // tar's default archive is stdout; the old-style "cC" needs no dash (Dokku refuses none, we do).
        return streamed(DokkuCommand.of("run").arg(app).arg("tar").arg("cC").arg(containerPath).arg(".").slow()
                .build(), out);
    }

    @Override
    public Executed writeToVolume(String app, String file, byte[] bytes, boolean append) {
        // The piece is customer data: redacted like a secret in every log, event and error.
        return write(DokkuCommand.of("run").arg(app).arg("sh").option("-c")
                .arg(append ? VolumeScripts.APPEND : VolumeScripts.WRITE).arg(file)
                .secretArg(Base64.getEncoder().encodeToString(bytes)).slow().build());
    }

    @Override
    public Executed replaceVolume(String app, String dir, String archive, String sha256) {
        return write(DokkuCommand.of("run").arg(app).arg("sh").option("-c").arg(VolumeScripts.REPLACE).arg(dir)
                .arg(archive).arg(sha256).slow().build());
    }

    private Executed streamed(DokkuCommand command, OutputStream out) {
        return checked(command, transport.stream(command, LONG_TIMEOUT, out));
    }

    private Executed fed(DokkuCommand command, InputStream in) {
        return checked(command, transport.feed(command, LONG_TIMEOUT, in));
    }

    private Executed checked(DokkuCommand command, CommandResult result) {
        listener.completed(command.name(), result.ok() ? "ok" : "failed", result.duration());
        if (!result.ok()) {
            throw DokkuErrors.failure(hostName, command, result);
        }
        return new Executed(hostName, command.redacted(), 0, result.duration());
    }

    @Override
    public void close() {
        readers.shutdownNow();
        transport.close();
    }
}
