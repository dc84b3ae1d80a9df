package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.Fault;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator upgrade that changes what instances get (here: new templates adding an env variable to
 * every backend) is rolled out like a new release: running instances move to the new revision at
 * most N at a time, each one finished (restarted, Ready) before the next starts, and the change is
 * reported as the revision applied, not as drift. A hand edit afterwards is still drift, repaired at once.
 * An instance that does not get through in time counts as a failed upgrade (the rollout halts), an
 * instance suspended meanwhile gives its slot back, and waiting holds only what restarts running apps.
 */
class OperatorRevisionIT {

    private static final List<String> NAMES = List.of("rev-a", "rev-b", "rev-c", "rev-d");
    private static final String NEW_KEY = "MINDROOM_FEATURE_FLAGS";

    private Fleet fleet;
    private SandboxServer sandbox;
    private final List<RunningOperator> operators = new ArrayList<>();

    @BeforeEach
    void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 20);
    }

    @AfterEach
    void stop() {
        operators.forEach(RunningOperator::close);
        fleet.close();
    }

    @Test
    void newTemplatesReachRunningInstancesOneAtATimeAndAreNotReportedAsDrift() throws Exception {
        JdbcTarget db = TestDatabase.fresh();
        String oldRevision = fourReady(db);

        // Restarts take a little while, as on a real host, so overlapping ones would show.
        sandbox.setLatency(new LatencyProfile(0.02));
        List<String> commands = Collections.synchronizedList(new ArrayList<>());
        sandbox.onCommand(exec -> {
            if (exec.startsWith("config:set") && exec.contains(NEW_KEY) || exec.startsWith("ps:restart")) {
                commands.add(exec);
            }
        });
        AtomicInteger mostUpdating = new AtomicInteger();
        RunningOperator v2 = withNewTemplates(db, Map.of());
        Await.until("every backend has the new variable and is Ready again", () -> {
            mostUpdating.accumulateAndGet((int) NAMES.stream().filter(n -> !"Ready".equals(phase(v2, n))).count(),
                    Math::max);
            return NAMES.stream().allMatch(n -> sandbox.state().describe("mr-" + n + "-backend").contains(NEW_KEY)
                    && "Ready".equals(phase(v2, n)));
        });

        Map<String, Object> rollout = rollout(v2);
        assertThat((String) rollout.get("revision")).isNotEqualTo(oldRevision).startsWith("latest+");
        Await.until("the rollout counts every instance done", () -> (Long) rollout(v2).get("done") >= NAMES.size());
        assertThat(mostUpdating.get()).as("instances mid-change at once").isLessThanOrEqualTo(1);
        List<String> order = new ArrayList<>(commands);
        for (String name : NAMES) {
            String backend = "mr-" + name + "-backend";
            int set = indexOf(order, c -> c.startsWith("config:set") && c.contains(backend + " "));
            int restart = indexOf(order, c -> c.equals("ps:restart " + backend));
            assertThat(set).as("%s got the new variable", backend).isGreaterThanOrEqualTo(0);
            assertThat(restart).as("%s restarted after it", backend).isGreaterThan(set);
            assertThat(order.subList(set + 1, restart)).as("nothing else changed while %s was mid-change", backend)
                    .noneMatch(c -> c.startsWith("config:set"));
        }
        for (String name : NAMES) {
            List<String> reasons = reasons(v2, name);
            assertThat(reasons).contains("RevisionApplied").doesNotContain("DriftRepaired");
            assertThat(message(v2, name, "RevisionApplied")).contains((String) rollout.get("revision")).contains("env")
                    .doesNotContain("beta");
        }

        // A hand edit is drift again: repaired at once and said so.
        try (RawSsh person = new RawSsh(sandbox, personKey())) {
            person.exec("config:set --no-restart mr-rev-a-backend MINDROOM_TIER=enterprise");
            Await.until("the hand edit is set back", () -> person.exec("config:get mr-rev-a-backend MINDROOM_TIER")
                    .stdout().trim().equals("free"));
        }
        Await.until("and reported as drift", () -> reasons(v2, "rev-a").contains("DriftRepaired"));
    }

    /** Every backend restart fails: the instance holding the slot times out, counts as failed, and the rollout halts. */
    @Test
    void restartsThatKeepFailingHaltTheRolloutInsteadOfHoldingItForever() throws Exception {
        sandbox.inject(Fault.fail("^ps:restart mr-rev-.-backend", 1, " !     App container failed to start\n", -1));
        RunningOperator v2 = upgraded(Map.of("operator.reconcile.rollout-slot-timeout", "8s",
                "operator.reconcile.rollout-failure-threshold", 2));
        Await.until("the rollout halts", () -> Boolean.TRUE.equals(rollout(v2).get("halted")));
        assertThat((Long) rollout(v2).get("failed")).isGreaterThanOrEqualTo(2L);
        assertThat((Long) rollout(v2).get("done")).isZero();
        assertThat(upgradedBackends()).as("the broken change stopped at the instances that took a slot").hasSizeLessThan(3);
        String untouched = NAMES.stream().filter(n -> !upgradedBackends().contains(n)).findFirst().orElseThrow();
        Await.until(untouched + " says the rollout is halted", () -> condition(v2, untouched, "Rollout").toString()
                .contains("RolloutHalted"));
        assertThat(phase(v2, untouched)).isEqualTo("Ready");
    }

    /** The instance holding the slot is suspended meanwhile: its converged pass gives the slot back. */
    @Test
    void anInstanceSuspendedWhileItHoldsTheSlotGivesItBack() throws Exception {
        sandbox.inject(Fault.fail("^ps:restart mr-rev-.-backend", 1, " !     App container failed to start\n", -1));
        RunningOperator v2 = upgraded(Map.of());
        Await.until("one instance took the slot", () -> !upgradedBackends().isEmpty());
        String holder = upgradedBackends().get(0);
        assertThat(v2.put("/api/v1/instances/" + holder, "{\"tier\":\"free\",\"suspended\":true}").statusCode())
                .isEqualTo(200);
        Await.until(holder + " is Suspended", () -> "Suspended".equals(phase(v2, holder)));
        sandbox.clearFaults();
        Await.until("the others move on", () -> upgradedBackends().size() == NAMES.size()
                && NAMES.stream().filter(n -> !n.equals(holder)).allMatch(n -> "Ready".equals(phase(v2, n))));
    }

    /** Waiting for a slot holds only what restarts running apps: a hand-stopped app is started at once. */
    @Test
    void anInstanceWaitingForASlotStillHasItsStoppedAppStarted() throws Exception {
        sandbox.inject(Fault.fail("^ps:restart mr-rev-.-backend", 1, " !     App container failed to start\n", -1));
        RunningOperator v2 = upgraded(Map.of());
        Await.until("one instance took the slot", () -> !upgradedBackends().isEmpty());
        String waiting = NAMES.stream().filter(n -> !upgradedBackends().contains(n)).findFirst().orElseThrow();
        Await.until(waiting + " waits for the slot", () -> condition(v2, waiting, "Synced").toString()
                .contains("RolloutWaiting"));
        try (RawSsh person = new RawSsh(sandbox, personKey())) {
            person.exec("ps:stop mr-" + waiting + "-frontend");
            Await.until("the stopped frontend is started again", () -> person.exec("ps:report mr-" + waiting
                    + "-frontend --format json").stdout().contains("\"running\":\"true\""));
        }
        assertThat(sandbox.state().describe("mr-" + waiting + "-backend")).as("its backend still waits")
                .doesNotContain(NEW_KEY);
        // (Which pass starts it depends on timing: one that read only the frontend after Dokku's events
        // log named it, or a full one waiting for the slot; neither applies the revision.)
        assertThat(reasons(v2, waiting)).doesNotContain("RevisionApplied");
    }

    /** A new base domain is part of the revision: a waiting instance keeps its domains and env until its slot. */
    @Test
    void aWaitingInstanceKeepsItsDomainsUntilItHasASlot() throws Exception {
        sandbox.inject(Fault.fail("^ps:restart mr-rev-.-backend", 1, " !     App container failed to start\n", -1));
        RunningOperator v2 = upgraded(Map.of("operator.base-domain", "moved.test"));
        Await.until("one instance took the slot", () -> !upgradedBackends().isEmpty());
        String waiting = NAMES.stream().filter(n -> !upgradedBackends().contains(n)).findFirst().orElseThrow();
        Await.until(waiting + " waits for the slot", () -> condition(v2, waiting, "Synced").toString()
                .contains("RolloutWaiting"));
        Thread.sleep(3000);
        assertThat(sandbox.state().describe("mr-" + waiting + "-frontend") + sandbox.state().describe("mr-" + waiting
                + "-backend")).as("nothing of the new revision reached a waiting instance").doesNotContain("moved.test")
                .doesNotContain(NEW_KEY);
        assertThat(reasons(v2, waiting)).doesNotContain("DriftRepaired", "RevisionApplied");
        assertThat(map(object(v2.get("/api/v1/instances/" + waiting).body()).get("status")).get("lastDrift"))
                .as("nothing waiting is reported as drift").isNull();
    }

    /** Four Ready instances under the packaged templates, then the operator again with templates adding a variable. */
    private RunningOperator upgraded(Map<String, Object> settings) throws Exception {
        JdbcTarget db = TestDatabase.fresh();
        fourReady(db);
        return withNewTemplates(db, settings);
    }

    /** Four Ready instances under (a copy of) the packaged templates; returns that revision. */
    private String fourReady(JdbcTarget db) throws IOException {
        RunningOperator v1 = fleet.operator(db, true, Map.of("operator.templates-dir",
                templates("before", Optional.empty()).toString()));
        try {
            for (String name : NAMES) {
                assertThat(v1.put("/api/v1/instances/" + name, "{\"tier\":\"free\"}").statusCode()).isEqualTo(201);
            }
            for (String name : NAMES) {
                Await.until(name + " is Ready", () -> "Ready".equals(phase(v1, name)));
            }
            return (String) rollout(v1).get("revision");
        } finally {
            v1.close();
        }
    }

    /** The operator on {@code db} again, its templates adding a variable to every backend; one slot unless set. */
    private RunningOperator withNewTemplates(JdbcTarget db, Map<String, Object> settings) throws IOException {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("operator.templates-dir", templates("after", Optional.of(NEW_KEY + ": beta")).toString());
        all.putIfAbsent("operator.reconcile.rollout-max-in-flight", 1);
        RunningOperator op = fleet.operator(db, true, all);
        operators.add(op);
        return op;
    }

    private List<String> upgradedBackends() {
        return NAMES.stream().filter(n -> sandbox.state().describe("mr-" + n + "-backend").contains(NEW_KEY)).toList();
    }

    private static Map<String, Object> rollout(RunningOperator op) {
        return map(object(op.get("/api/v1/hosts").body()).get("rollout"));
    }

    private static Map<String, Object> condition(RunningOperator op, String name, String type) {
        return list(map(object(op.get("/api/v1/instances/" + name).body()).get("status")).get("conditions")).stream()
                .map(c -> map(c)).filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
    }

    /** A person's own key (the operator does not take its own writes for drift). */
    private static Path personKey() throws Exception {
        Path key = Files.createTempDirectory("person").resolve("id_ecdsa");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        pair.writePrivateKey(key.toString());
        pair.dispose();
        return key;
    }


    /** A copy of the packaged templates; {@code extra} is one more backend env line. */
    private Path templates(String name, Optional<String> extra) throws IOException {
        Path dir = Files.createDirectories(Files.createTempDirectory("mindroom-templates").resolve(name));
        for (String file : List.of("tiers.yaml", "instance.yaml", "mindroom-config.yaml")) {
            try (InputStream in = getClass().getResourceAsStream("/templates/" + file)) {
                String text = new String(in.readAllBytes());
                if (file.equals("instance.yaml") && extra.isPresent()) {
                    String anchor = "      MINDROOM_INSTANCE_NAME: ${instance}\n      MINDROOM_ACCOUNT: ${account}\n";
                    assertThat(text).contains(anchor);
                    text = text.replace(anchor, anchor + "      " + extra.get() + "\n");
                }
                Files.writeString(dir.resolve(file), text);
            }
        }
        return dir;
    }

    private static String phase(RunningOperator op, String name) {
        return (String) map(object(op.get("/api/v1/instances/" + name).body()).get("status")).get("phase");
    }

    private static List<String> reasons(RunningOperator op, String name) {
        return events(op, name).stream().map(e -> (String) e.get("reason")).toList();
    }

    private static String message(RunningOperator op, String name, String reason) {
        return events(op, name).stream().filter(e -> reason.equals(e.get("reason"))).map(e -> (String) e.get("message"))
                .findFirst().orElse("");
    }

    private static List<Map<String, Object>> events(RunningOperator op, String name) {
        return list(object(op.get("/api/v1/instances/" + name + "/events?limit=1000").body()).get("items")).stream()
                .map(e -> map(e)).toList();
    }

    private static int indexOf(List<String> commands, Predicate<String> which) {
        for (int i = 0; i < commands.size(); i++) {
            if (which.test(commands.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
