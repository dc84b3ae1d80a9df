package chat.mindroom.operator.dokku;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.HostSnapshot.AppSnapshot;
import chat.mindroom.operator.dokku.parse.DokkuOutput;
import chat.mindroom.operator.dokku.parse.DokkuVersion;
import chat.mindroom.operator.dokku.parse.ParsedReport;
import chat.mindroom.operator.spec.ServiceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

/**
 * The read side of {@link RemoteDokkuClient}: the host's facts (cached for a few minutes), its apps,
 * services and events, observed with reads run in parallel on the client's own threads.
 */
final class HostObserver {

    private static final Duration FACTS_TTL = Duration.ofMinutes(5);

    private final CommandRunner runner;
    private final ExecutorService readers;
    private final AtomicReference<CachedFacts> facts = new AtomicReference<>();

    private record CachedFacts(HostFacts facts, long readAtNanos) {
    }

    HostObserver(CommandRunner runner) {
        this.runner = runner;
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dokku-read-" + runner.hostName());
            t.setDaemon(true);
            return t;
        });
    }

    private static DokkuCommand json(String name, String app) {
        return DokkuCommand.of(name).arg(app).flag("--format").arg("json").build();
    }

    HostFacts facts() {
        CachedFacts cached = facts.get();
        if (cached != null && System.nanoTime() - cached.readAtNanos() < FACTS_TTL.toNanos()) {
            return cached.facts();
        }
        return refreshFacts();
    }

    boolean ensureEventsLog() {
        CommandResult list = runner.read(DokkuCommand.of("events:list").build());
        if (!list.stderr().contains("Events logger disabled")) {
            return true;
        }
        runner.write(DokkuCommand.of("events:on").build());
        return true;
    }

    List<String> recentEvents() {
        return runner.read(DokkuCommand.of("events").build()).stdoutText().lines().filter(l -> !l.isBlank()).toList();
    }

    HostFacts refreshFacts() {
        DokkuVersion version = DokkuOutput.version(runner.read(DokkuCommand.of("version").build()).stdoutText());
        if (!version.supported()) {
            throw new OperatorException(ErrorCode.COMMAND_FAILED, "host " + runner.hostName() + " runs Dokku "
                    + version + "; the operator needs " + DokkuVersion.FLOOR + " or newer");
        }
        DokkuCommand pluginList = version.hasJsonPluginList()
                ? DokkuCommand.of("plugin:list").flag("--format").arg("json").build()
                : DokkuCommand.of("plugin:list").build();
        HostFacts fresh = new HostFacts(version, DokkuOutput.plugins(runner.read(pluginList).stdoutText()));
        facts.set(new CachedFacts(fresh, System.nanoTime()));
        return fresh;
    }

    List<String> apps() {
        boolean json = facts().version().hasJsonAppsList();
        DokkuCommand command = json ? DokkuCommand.of("apps:list").flag("--format").arg("json").build()
                : DokkuCommand.of("apps:list").build();
        return DokkuOutput.appsList(runner.read(command).stdoutText());
    }

    SortedMap<String, String> appEnv(String app) {
        return DokkuOutput.configJson(runner.read(json("config:export", app)).stdoutText());
    }

    ObservedApp observeApp(String app) {
        HostFacts host = facts();
        // The slowest read (ps:report) starts at once with apps:report and config:export; the other
        // reports follow as soon as apps:report says the app exists, so a missing app costs 3 reads.
        var ps = async(() -> runner.run(json("ps:report", app)));
        var report = async(() -> runner.run(json("apps:report", app)));
        var env = async(() -> runner.run(json("config:export", app)));
        CommandResult apps = join(report);
        if (apps.exitCode() == 20) {
            return ObservedApp.missing(app);
        }
        var resource = async(() -> runner.run(json("resource:report", app)));
        DokkuCommand domainsCommand = host.version().hasJsonDomainsReport() ? json("domains:report", app)
                : DokkuCommand.of("domains:report").arg(app).build();
        var domains = async(() -> runner.run(domainsCommand));
        var mounts = async(() -> runner.run(json("storage:list", app)));
        DokkuCommand tlsCommand = DokkuCommand.of("letsencrypt:active").arg(app).build();
        var tls = async(() -> host.letsencrypt() ? Optional.of(runner.run(tlsCommand))
                : Optional.<CommandResult>empty());
        AppSnapshot structure = AppReports.structure(
                ParsedReport.json("app", runner.ok(json("apps:report", app), apps).stdoutText()),
                ParsedReport.json("resource", runner.ok(json("resource:report", app), join(resource)).stdoutText()),
                host.version().hasJsonDomainsReport()
                        ? ParsedReport.json("domains", runner.ok(domainsCommand, join(domains)).stdoutText())
                        : ParsedReport.text("domains", runner.ok(domainsCommand, join(domains)).stdoutText()),
                DokkuOutput.storageList(runner.ok(json("storage:list", app), join(mounts)).stdoutText()));
        ParsedReport p = ParsedReport.json("ps", runner.ok(json("ps:report", app), join(ps)).stdoutText());
        return new ObservedApp(app, true,
                DokkuOutput.configJson(runner.ok(json("config:export", app), join(env)).stdoutText()),
                structure.memoryLimit(), structure.cpuLimit(), structure.domains(), structure.vhostEnabled(),
                structure.mounts(), structure.deploySource(), structure.deployedImage(),
                "true".equals(p.getOrEmpty("deployed")), "true".equals(p.getOrEmpty("running")),
                !"false".equals(p.getOrEmpty("restore")),
                join(tls).map(r -> DokkuOutput.letsencryptActive(runner.ok(tlsCommand, r).stdoutText())));
    }

    Optional<HostSnapshot> snapshot() {
        HostFacts host = facts();
        if (!host.version().hasBulkJsonReports()) {
            return Optional.empty();
        }
        Instant takenAt = Instant.now();
        List<String> before = sorted(apps());
        var apps = async(() -> runner.read(bulk("apps:report")).stdoutText());
        var resource = async(() -> runner.read(bulk("resource:report")).stdoutText());
        var domains = async(() -> runner.read(bulk("domains:report")).stdoutText());
        var storage = async(() -> runner.read(bulk("storage:report")).stdoutText());
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
        return AppReports.lineUp(before, appLines, resourceLines, domainLines, storageLines)
                .map(structures -> new HostSnapshot(takenAt, structures, services));
    }

    private List<String> serviceNames(ServiceKind kind) {
        return DokkuOutput.serviceList(runner.read(DokkuCommand.of(kind.key() + ":list").build()).stdoutText());
    }

    private static DokkuCommand bulk(String name) {
        return DokkuCommand.of(name).flag("--format").arg("json").build();
    }

    private static List<String> sorted(List<String> apps) {
        List<String> copy = new ArrayList<>(apps);
        Collections.sort(copy);
        return copy;
    }

    ObservedService observeService(ServiceKind kind, String name) {
        DokkuCommand links = DokkuCommand.of(kind.key() + ":links").arg(name).build();
        CommandResult result = runner.run(links);
        if (!result.ok() && DokkuErrors.classify(result) == ErrorCode.SERVICE_MISSING) {
            return new ObservedService(kind, name, false, new TreeSet<>());
        }
        runner.ok(links, result);
        return new ObservedService(kind, name, true, new TreeSet<>(DokkuOutput.lines(result.stdoutText())));
    }

    ObservedState observe(Collection<String> apps, Map<String, ServiceKind> services) {
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

    ObservedState observeNew(Collection<String> apps, Map<String, ServiceKind> services) {
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

    /** Stops the read threads; reads under way are interrupted. */
    void close() {
        readers.shutdownNow();
    }
}
