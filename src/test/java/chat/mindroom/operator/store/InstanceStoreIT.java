package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.LimitOverrides;
import chat.mindroom.operator.spec.MatrixSpec;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.jdbi.JdbiDeletedInstances;
import chat.mindroom.operator.store.jdbi.JdbiInstanceStore;
import chat.mindroom.operator.store.jdbi.JdbiPurges;
import chat.mindroom.operator.testing.Migrated;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class InstanceStoreIT {

    private static final Function<Instance, Duration> WEEK = i -> Duration.ofDays(7);

    private static final InstanceName ACME = new InstanceName("acme");

    private Migrated db;
    private JdbiInstanceStore store;

    @BeforeEach
    void setUp() {
        db = Migrated.fresh();
        store = new JdbiInstanceStore(db.jdbi());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static InstanceSpec spec(String tier) {
        return InstanceSpec.ofTier(tier);
    }

    private static InstanceSpec withMemory(String tier, int memoryMb) {
        InstanceSpec base = InstanceSpec.ofTier(tier);
        return new InstanceSpec(tier, base.account(), new LimitOverrides(Optional.of(memoryMb), Optional.empty()),
                base.matrix(), base.domains(), base.release(), false, true);
    }

    private static InstanceSpec withDomains(String... domains) {
        return new InstanceSpec("enterprise", Optional.empty(), LimitOverrides.NONE, MatrixSpec.DISABLED,
                List.of(domains), Optional.empty(), false, true);
    }

    private List<Event> events(InstanceName name) {
        return store.events(name, OptionalLong.empty(), 1000).items();
    }

    private long generationInDb(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT generation FROM instances WHERE name = :n")
                .bind("n", name).mapTo(Long.class).one());
    }

    @Test
    void generationCountsSpecChangesAndAnIdenticalSpecIsANoOp() {
        WriteResult created = store.apply(ACME, spec("starter"), Precondition.NONE, "test");
        assertThat(created.outcome()).isEqualTo(WriteResult.Outcome.CREATED);
        assertThat(created.instance().generation()).isEqualTo(1);
        assertThat(created.instance().status().phase()).isEqualTo(Phase.Pending);

        WriteResult same = store.apply(ACME, spec("starter"), Precondition.NONE, "test");
        assertThat(same.outcome()).isEqualTo(WriteResult.Outcome.UNCHANGED);
        assertThat(same.instance().generation()).isEqualTo(1);
        assertThat(same.instance().resourceVersion()).isEqualTo(created.instance().resourceVersion());
        assertThat(events(ACME)).hasSize(1);

        WriteResult changed = store.apply(ACME, spec("professional"), Precondition.NONE, "test");
        assertThat(changed.outcome()).isEqualTo(WriteResult.Outcome.UPDATED);
        assertThat(changed.instance().generation()).isEqualTo(2);
        assertThat(changed.instance().resourceVersion()).isNotEqualTo(created.instance().resourceVersion());
        List<Event> trail = events(ACME);
        assertThat(trail).extracting(Event::reason).containsExactly("SpecChanged", "Created");
        assertThat(trail.get(0).message()).contains("tier: starter -> professional");
        assertThat(trail.get(0).generation()).contains(2L);
    }

    @Test
    void aDirectSqlEditOfTheSpecCountsLikeAnApiWrite() {
        Instance created = store.apply(ACME, spec("starter"), Precondition.NONE, "test").instance();
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE instances SET spec = jsonb_set(spec, '{tier}', '\"enterprise\"') WHERE name = 'acme'"));
        Instance edited = store.find(ACME).orElseThrow();
        assertThat(edited.generation()).isEqualTo(2);
        assertThat(edited.resourceVersion()).isGreaterThan(created.resourceVersion());
        assertThat(edited.tier()).contains("enterprise");

        // Writing the same spec again (whitespace and key order do not matter to jsonb) changes nothing.
        db.jdbi().useHandle(h -> h.execute("UPDATE instances SET spec = spec WHERE name = 'acme'"));
        assertThat(generationInDb("acme")).isEqualTo(2);

        // The server owns generation: a direct write to it is ignored.
        db.jdbi().useHandle(h -> h.execute("UPDATE instances SET generation = 99 WHERE name = 'acme'"));
        assertThat(generationInDb("acme")).isEqualTo(2);
    }

    @Test
    void statusWritesChangeNeitherGenerationNorResourceVersion() {
        Instance created = store.apply(ACME, spec("starter"), Precondition.NONE, "test").instance();
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE instances SET phase = 'Ready', observed_generation = 1, attempts = 3 WHERE name = 'acme'"));
        Instance after = store.find(ACME).orElseThrow();
        assertThat(after.status().phase()).isEqualTo(Phase.Ready);
        assertThat(after.status().attempts()).isEqualTo(3);
        assertThat(after.generation()).isEqualTo(1);
        assertThat(after.resourceVersion()).isEqualTo(created.resourceVersion());
    }

    @Test
    void notifiesTheInstanceNameOnDesiredStateChangesOnly() throws Exception {
        var target = db.target();
        try (Connection listener = DriverManager.getConnection(target.jdbcUrl(), target.user().orElse(null),
                target.password().orElse(null)); Statement st = listener.createStatement()) {
            st.execute("LISTEN instance_changed");
            PGConnection pg = listener.unwrap(PGConnection.class);

            store.apply(ACME, spec("starter"), Precondition.NONE, "test");
            assertThat(payloads(pg)).containsExactly("acme");

            db.jdbi().useHandle(h -> h.execute("UPDATE instances SET phase = 'Ready' WHERE name = 'acme'"));
            assertThat(payloads(pg)).isEmpty();

            db.jdbi().useHandle(h -> h.execute(
                    "UPDATE instances SET spec = jsonb_set(spec, '{suspended}', 'true') WHERE name = 'acme'"));
            assertThat(payloads(pg)).containsExactly("acme");

            store.requestReconcile(ACME, "test");
            assertThat(payloads(pg)).containsExactly("acme");
        }
    }

    private static List<String> payloads(PGConnection pg) throws Exception {
        List<String> names = new ArrayList<>();
        PGNotification[] notes = pg.getNotifications(500);
        if (notes != null) {
            for (PGNotification n : notes) {
                names.add(n.getParameter());
            }
        }
        return names;
    }

    @Test
    void ifMatchRefusesAStaleResourceVersion() {
        Instance created = store.apply(ACME, spec("starter"), Precondition.NONE, "test").instance();
        store.apply(ACME, spec("professional"), Precondition.ifMatch(created.resourceVersion()), "a");
        assertThatThrownBy(() -> store.apply(ACME, spec("enterprise"),
                Precondition.ifMatch(created.resourceVersion()), "b"))
                .isInstanceOf(OperatorException.class)
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(store.find(ACME).orElseThrow().tier()).contains("professional");
        assertThatThrownBy(() -> store.apply(new InstanceName("ghost"), spec("starter"), Precondition.ifMatch(1), "c"))
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(store.find(new InstanceName("ghost"))).isEmpty();
    }

    @Test
    void twoConcurrentWritersWithTheSameEtagNeverBothWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                InstanceName name = new InstanceName("race-" + round);
                long version = store.apply(name, spec("starter"), Precondition.NONE, "seed").instance().resourceVersion();
                CountDownLatch start = new CountDownLatch(1);
                Future<String> a = pool.submit(() -> attempt(start, name, withMemory("starter", 300), version));
                Future<String> b = pool.submit(() -> attempt(start, name, withMemory("starter", 400), version));
                start.countDown();
                List<String> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
                assertThat(outcomes).containsExactlyInAnyOrder("UPDATED", "PRECONDITION_FAILED");
                Instance after = store.find(name).orElseThrow();
                assertThat(after.generation()).isEqualTo(2);
                assertThat(events(name)).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String attempt(CountDownLatch start, InstanceName name, InstanceSpec spec, long version) throws Exception {
        start.await();
        try {
            return store.apply(name, spec, Precondition.ifMatch(version), "racer").outcome().name();
        } catch (OperatorException e) {
            return e.code().name();
        }
    }

    @Test
    void concurrentCreatesOfOneNameBothSucceedWithOneCreation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WriteResult.Outcome>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.apply(ACME, spec("starter"), Precondition.NONE, "racer").outcome();
                }));
            }
            start.countDown();
            List<WriteResult.Outcome> outcomes = new ArrayList<>();
            for (Future<WriteResult.Outcome> f : results) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsOnlyOnce(WriteResult.Outcome.CREATED);
            assertThat(outcomes).filteredOn(o -> o != WriteResult.Outcome.CREATED)
                    .containsOnly(WriteResult.Outcome.UNCHANGED);
            assertThat(events(ACME)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ifNoneMatchStarOnlyCreates() {
        store.apply(ACME, spec("starter"), new Precondition(OptionalLong.empty(), true), "test");
        assertThatThrownBy(() -> store.apply(ACME, spec("professional"), new Precondition(OptionalLong.empty(), true),
                "test")).extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(store.find(ACME).orElseThrow().tier()).contains("starter");
    }

    @Test
    void theTombstoneIsSetOnceAndFreezesTheSpec() {
        store.apply(ACME, spec("starter"), Precondition.NONE, "test");
        Instance first = store.requestDeletion(ACME, Precondition.NONE, "test", WEEK);
        assertThat(first.deletionRequestedAt()).isPresent();
        Instance second = store.requestDeletion(ACME, Precondition.NONE, "test", WEEK);
        assertThat(second.deletionRequestedAt()).isEqualTo(first.deletionRequestedAt());
        assertThat(second.resourceVersion()).isEqualTo(first.resourceVersion());
        assertThat(events(ACME)).extracting(Event::reason).containsExactly("DeletionRequested", "Created");

        assertThatThrownBy(() -> store.apply(ACME, spec("enterprise"), Precondition.NONE, "test"))
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(store.find(ACME).orElseThrow().tier()).contains("starter");
        assertThatThrownBy(() -> store.requestDeletion(new InstanceName("ghost"), Precondition.NONE, "test", WEEK))
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aSoftDeleteCanBeUndoneUntilThePurgeIsClaimedAndAShorterGraceBringsThePurgeForward() {
        store.apply(ACME, spec("starter"), Precondition.NONE, "test");
        Instance deleted = store.requestDeletion(ACME, Precondition.NONE, "test", WEEK);
        assertThat(deleted.terminating()).isTrue();
        assertThat(Duration.between(deleted.deletionRequestedAt().orElseThrow(), deleted.purgeAt().orElseThrow()))
                .isEqualTo(Duration.ofDays(7));
        Instance sooner = store.requestDeletion(ACME, Precondition.NONE, "test", i -> Duration.ofHours(1));
        assertThat(sooner.purgeAt().orElseThrow()).isBefore(deleted.purgeAt().orElseThrow());
        Instance notLater = store.requestDeletion(ACME, Precondition.NONE, "test", WEEK);
        assertThat(notLater.purgeAt()).isEqualTo(sooner.purgeAt());

        WriteResult back = store.undelete(ACME, "test");
        assertThat(back.outcome()).isEqualTo(WriteResult.Outcome.UPDATED);
        assertThat(back.instance().tombstoned()).isFalse();
        assertThat(back.instance().uid()).isEqualTo(deleted.uid());
        assertThat(store.undelete(ACME, "test").outcome()).isEqualTo(WriteResult.Outcome.UNCHANGED);
        assertThat(events(ACME)).extracting(Event::reason).containsSubsequence("Undeleted", "PurgeAdvanced",
                "DeletionRequested", "Created");

        store.requestDeletion(ACME, Precondition.NONE, "test", i -> Duration.ZERO);
        Purges purges = new JdbiPurges(db.jdbi());
        Instance purging = purges.start(ACME).orElseThrow();
        assertThat(purging.purging()).isTrue();
        assertThatThrownBy(() -> store.undelete(ACME, "test"))
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(purges.start(ACME)).as("claimed once").isEmpty();

        purges.archive(purging);
        assertThat(store.find(ACME)).isEmpty();
        db.jdbi().useHandle(h -> h.execute("INSERT INTO events (instance_name, type, reason, message, actor)"
                + " VALUES ('acme', 'Warning', 'Interrupted', 'a command ended after the purge', 'reconciler')"));
        Instance again = store.apply(ACME, spec("professional"), Precondition.NONE, "test").instance();
        assertThat(again.uid()).isNotEqualTo(purging.uid());
        assertThat(again.generation()).isEqualTo(1);
        assertThat(events(ACME)).extracting(Event::reason).containsExactly("Created");
        DeletedInstances archive = new JdbiDeletedInstances(db.jdbi());
        assertThat(archive.find(purging.uid()).orElseThrow().name()).isEqualTo("acme");
        assertThat(archive.events(purging.uid(), OptionalLong.empty(), 100).items()).extracting(Event::reason)
                .as("a late event still belongs to the purged instance")
                .startsWith("Interrupted", "Purged", "PurgeStarted", "DeletionRequested").endsWith("Created");
    }

    @Test
    void aDomainBelongsToOneInstanceEvenAgainstDirectSql() {
        store.apply(ACME, withDomains("chat.acme.com", "www.acme.com"), Precondition.NONE, "test");
        InstanceName other = new InstanceName("other");
        assertThat(store.domainOwners(List.of("chat.acme.com", "free.example.com"), other))
                .containsExactlyEntriesOf(java.util.Map.of("chat.acme.com", "acme"));
        assertThat(store.domainOwners(List.of("chat.acme.com"), ACME)).isEmpty();

        assertThatThrownBy(() -> store.apply(other, withDomains("chat.acme.com"), Precondition.NONE, "test"))
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(store.find(other)).isEmpty();
        assertThat(events(ACME)).hasSize(1);

        assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO instances (name, spec) VALUES ('sneaky', '{\"tier\":\"enterprise\",\"domains\":[\"CHAT.acme.com\"]}')")))
                .hasMessageContaining("instance_domains_pkey");

        // Dropping a domain releases it.
        store.apply(ACME, withDomains("www.acme.com"), Precondition.NONE, "test");
        assertThat(store.apply(other, withDomains("chat.acme.com"), Precondition.NONE, "test").outcome())
                .isEqualTo(WriteResult.Outcome.CREATED);
    }

    @Test
    void eventsAreAppendOnly() {
        store.apply(ACME, spec("starter"), Precondition.NONE, "test");
        assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("UPDATE events SET message = 'x'")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("DELETE FROM events")))
                .hasMessageContaining("append-only");
        assertThat(events(ACME)).hasSize(1);
    }

    @Test
    void pagesThroughEveryInstanceOnceInNameOrderWithFilters() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = String.format("inst-%02d", i);
            expected.add(name);
            store.apply(new InstanceName(name), spec(i % 5 == 0 ? "enterprise" : "starter"), Precondition.NONE, "t");
        }
        db.jdbi().useHandle(h -> h.execute("UPDATE instances SET phase = 'Ready' WHERE name IN ('inst-05', 'inst-07')"));

        List<String> seen = new ArrayList<>();
        Optional<InstanceName> after = Optional.empty();
        int pages = 0;
        while (true) {
            Page<Instance> page = store.list(new InstanceQuery(Optional.empty(), Optional.empty(), after, 10));
            page.items().forEach(i -> seen.add(i.name().value()));
            pages++;
            if (page.nextCursor().isEmpty()) {
                break;
            }
            after = Optional.of(page.items().get(page.items().size() - 1).name());
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);

        Page<Instance> enterprise = store.list(new InstanceQuery(Optional.of("enterprise"), Optional.empty(),
                Optional.empty(), 100));
        assertThat(enterprise.items()).extracting(i -> i.name().value())
                .containsExactly("inst-00", "inst-05", "inst-10", "inst-15", "inst-20");
        Page<Instance> ready = store.list(new InstanceQuery(Optional.empty(), Optional.of(Phase.Ready),
                Optional.empty(), 100));
        assertThat(ready.items()).extracting(i -> i.name().value()).containsExactly("inst-05", "inst-07");
        Page<Instance> readyEnterprise = store.list(new InstanceQuery(Optional.of("enterprise"), Optional.of(Phase.Ready),
                Optional.empty(), 100));
        assertThat(readyEnterprise.items()).extracting(i -> i.name().value()).containsExactly("inst-05");
    }

    @Test
    void reconcileRequestsAreTimestampedAndAudited() {
        store.apply(ACME, spec("starter"), Precondition.NONE, "test");
        Instance requested = store.requestReconcile(ACME, "operator-on-call");
        assertThat(requested.reconcileRequestedAt()).isPresent();
        assertThat(requested.generation()).isEqualTo(1);
        assertThat(events(ACME).get(0).actor()).isEqualTo("operator-on-call");
        assertThatThrownBy(() -> store.requestReconcile(new InstanceName("ghost"), "x"))
                .extracting(e -> ((OperatorException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
