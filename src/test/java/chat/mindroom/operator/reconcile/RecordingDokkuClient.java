package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.Executed;
import chat.mindroom.operator.dokku.HostFacts;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.ServiceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/** A hand-written fake of the DokkuClient port for executor tests: records every write it is asked for. */
class RecordingDokkuClient implements DokkuClient {

    final List<String> calls = new ArrayList<>();

    private Executed done(String call) {
        calls.add(call);
        return new Executed("fake", call, 0, Duration.ofMillis(1));
    }

    @Override
    public String hostName() {
        return "fake";
    }

    @Override
    public HostFacts facts() {
        return Observations.WITH_TLS;
    }

    @Override
    public HostFacts refreshFacts() {
        return Observations.WITH_TLS;
    }

    @Override
    public List<String> apps() {
        return List.of();
    }

    @Override
    public ObservedApp observeApp(String app) {
        return ObservedApp.missing(app);
    }

    @Override
    public SortedMap<String, String> appEnv(String app) {
        return new java.util.TreeMap<>();
    }

    @Override
    public ObservedService observeService(ServiceKind kind, String name) {
        return new ObservedService(kind, name, false, new java.util.TreeSet<>());
    }

    @Override
    public Optional<chat.mindroom.operator.dokku.HostSnapshot> snapshot() {
        return Optional.empty();
    }

    @Override
    public ObservedState observe(Collection<String> apps, Map<String, ServiceKind> services) {
        return Observations.nothing(Observations.WITH_TLS);
    }

    @Override
    public Executed createApp(String app) {
        return done("createApp " + app);
    }

    @Override
    public Executed destroyApp(String app) {
        return done("destroyApp " + app);
    }

    @Override
    public Executed setConfig(String app, SortedMap<String, String> values, Set<String> secretKeys) {
        return done("setConfig " + app + " " + values.keySet());
    }

    @Override
    public Executed unsetConfig(String app, Collection<String> keys) {
        return done("unsetConfig " + app + " " + keys);
    }

    @Override
    public Executed setLimits(String app, String memory, String cpu) {
        return done("setLimits " + app + " " + memory + " " + cpu);
    }

    @Override
    public Executed setDomains(String app, Collection<String> domains) {
        return done("setDomains " + app + " " + domains);
    }

    @Override
    public Executed mount(String app, String hostPath, String containerPath) {
        return done("mount " + app);
    }

    @Override
    public Executed unmount(String app, String hostPath, String containerPath) {
        return done("unmount " + app);
    }

    @Override
    public Executed ensureStorage(String name) {
        return done("ensureStorage " + name);
    }

    @Override
    public Executed createService(ServiceKind kind, String name) {
        return done("createService " + name);
    }

    @Override
    public Executed destroyService(ServiceKind kind, String name) {
        return done("destroyService " + name);
    }

    @Override
    public Executed link(ServiceKind kind, String service, String app) {
        return done("link " + service + " " + app);
    }

    @Override
    public Executed unlink(ServiceKind kind, String service, String app) {
        return done("unlink " + service + " " + app);
    }

    @Override
    public Optional<Executed> deployImage(String app, String image) {
        return Optional.of(done("deploy " + app + " " + image));
    }

    @Override
    public Executed restart(String app) {
        return done("restart " + app);
    }

    @Override
    public Executed rebuild(String app) {
        return done("rebuild " + app);
    }

    @Override
    public Executed stop(String app) {
        return done("stop " + app);
    }

    @Override
    public Executed start(String app) {
        return done("start " + app);
    }

    @Override
    public boolean ensureEventsLog() {
        return false;
    }

    @Override
    public List<String> recentEvents() {
        return List.of();
    }

    @Override
    public Executed setTlsEmail(String app, String email) {
        return done("setTlsEmail " + app);
    }

    @Override
    public Executed enableTls(String app) {
        return done("enableTls " + app);
    }

    @Override
    public Executed exportDatabase(String service, OutputStream out) {
        try {
            out.write("PGDMP-fake".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done("export " + service);
    }

    @Override
    public Executed exportService(ServiceKind kind, String service, OutputStream out) {
        return kind == ServiceKind.POSTGRES ? exportDatabase(service, out) : done("export " + kind.key() + " " + service);
    }

    @Override
    public Executed importService(ServiceKind kind, String service, InputStream in) {
        return done("import " + kind.key() + " " + service);
    }

    @Override
    public Executed readVolume(String app, String containerPath, OutputStream out) {
        return done("readVolume " + app + " " + containerPath);
    }

    @Override
    public Executed writeToVolume(String app, String file, byte[] bytes, boolean append) {
        return done("writeToVolume " + app + " " + file + " " + bytes.length + (append ? " append" : ""));
    }

    @Override
    public Executed replaceVolume(String app, String dir, String archive, String sha256) {
        return done("replaceVolume " + app + " " + dir);
    }

    @Override
    public void close() {
    }
}
