package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Status never claims more than is true: Ready waits for the restart that makes a generation live,
 * a long pass shows its progress, condition times are when the value was established, a host that
 * stops answering shows at once, and placement never sends an instance to a dead host.
 */
class StatusTruthIT {

    private static final Duration CEILING = Await.CEILING;
    private static final String ONE_CONVERGENCE = "mindroom_convergence_seconds_count\\{tier=\"professional\"\\} 1(\\.0)?\n";

    private Fleet fleet;
    private RunningOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        fleet.close();
    }

    private Map<String, Object> status(String name) {
        return map(object(operator.get("/api/v1/instances/" + name).body()).get("status"));
    }

    private Map<String, Object> condition(String name, String type) {
        return list(status(name).get("conditions")).stream().map(c -> map(c)).filter(c -> type.equals(c.get("type")))
                .findFirst().orElse(Map.of());
    }

    private void put(String name, String json) {
        assertThat(operator.put("/api/v1/instances/" + name, json).statusCode()).isBetween(200, 201);
    }

    private Reconciler reconciler() {
        return operator.context().getBean(Reconciler.class);
    }

    @Test
    void readyWaitsForTheRestartThatAppliesTheGenerationAndConvergenceIsCountedOnce() throws Exception {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        put("rst", "{\"tier\":\"starter\"}");
        reconciler().reconcile(new InstanceName("rst"));
        assertThat(reconciler().awaitRestarts(CEILING)).isTrue();
        reconciler().reconcile(new InstanceName("rst"));
        assertThat(status("rst")).containsEntry("phase", "Ready");

        // A restart that takes a while (1.5-1.9 s: a tenth of a real one).
        sandbox.setLatency(new LatencyProfile(0.1));
        put("rst", "{\"tier\":\"professional\"}");
        reconciler().reconcile(new InstanceName("rst"));
        assertThat(status("rst")).containsEntry("observedGeneration", 2L).containsEntry("phase", "Updating");
        assertThat(condition("rst", "Ready")).containsEntry("status", "False").containsEntry("reason", "RestartPending");
        assertThat((String) condition("rst", "Ready").get("message")).contains("mr-rst-backend");

        assertThat(reconciler().awaitRestarts(CEILING)).isTrue();
        Instant restarted = Instant.now();
        reconciler().reconcile(new InstanceName("rst"));
        assertThat(status("rst")).containsEntry("phase", "Ready");
        Map<String, Object> ready = condition("rst", "Ready");
        assertThat(ready).containsEntry("status", "True");
        assertThat(Instant.parse((String) ready.get("lastTransitionTime"))).isAfterOrEqualTo(restarted.minusSeconds(1));
        assertThat(operator.get("/prometheus").body()).containsPattern(ONE_CONVERGENCE);
        // Another pass of the converged instance counts nothing again.
        reconciler().reconcile(new InstanceName("rst"));
        assertThat(operator.get("/prometheus").body()).containsPattern(ONE_CONVERGENCE);
    }

    @Test
    void aLongFirstPassShowsItsProgressAndReadyTakesItsTimeWhenTheWorkIsDone() {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        sandbox.setLatency(new LatencyProfile(0.05));
        put("slow", "{\"tier\":\"starter\"}");
        List<String> progress = new CopyOnWriteArrayList<>();
        CompletableFuture<Reconciler.Outcome> pass = CompletableFuture.supplyAsync(
                () -> reconciler().reconcile(new InstanceName("slow")));
        while (!pass.isDone()) {
            Map<String, Object> now = status("slow");
            list(now.get("conditions")).stream().map(c -> map(c))
                    .filter(c -> "Synced".equals(c.get("type")) && "Applying".equals(c.get("reason")))
                    .forEach(c -> progress.add(now.get("phase") + " " + c.get("message")));
        }
        Instant finished = Instant.now();
        assertThat(pass.join().ok()).isTrue();
        assertThat(progress).isNotEmpty().allMatch(p -> p.matches("Provisioning \\d+ of \\d+ actions done"));
        assertThat(progress.stream().distinct().count()).as("progress moves: %s", progress).isGreaterThan(1);
        Await.until("the restarts end and Ready is recorded", () -> {
            try {
                reconciler().awaitRestarts(CEILING);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            reconciler().reconcile(new InstanceName("slow"));
            return "Ready".equals(status("slow").get("phase"));
        });
        Instant readySince = Instant.parse((String) condition("slow", "Ready").get("lastTransitionTime"));
        assertThat(readySince).as("Ready since the work was done, not since the pass began")
                .isAfterOrEqualTo(finished.minusSeconds(1));
    }

    @Test
    void aCertificateThatCannotBeHadLeavesTheInstanceReadyAndIsNotRetriedInTheFastLoop() {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        sandbox.state().setLetsencryptGlobalEmail("");
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of());
        List<String> commands = new CopyOnWriteArrayList<>();
        sandbox.onCommand(commands::add);
        put("cert", "{\"tier\":\"starter\"}");
        Await.until("Ready", () -> "Ready".equals(status("cert").get("phase")));
        assertThat(condition("cert", "Ready")).containsEntry("status", "True");
        Await.until("TLS says why", () -> "EmailMissing".equals(condition("cert", "TLS").get("reason")));
        assertThat(condition("cert", "TLS")).containsEntry("status", "False");
        assertThat((String) condition("cert", "TLS").get("message"))
                .contains("Cannot request a certificate without an e-mail address");
        long enables = commands.stream().filter(c -> c.startsWith("letsencrypt:enable")).count();
        assertThat(enables).isBetween(1L, 2L);
        // Several resyncs later (1 s each): apps still serving, no new certificate request, nothing in backoff.
        int before = commands.size();
        Await.until("three more resyncs", () -> commands.size() > before + 3
                && commands.subList(before, commands.size()).stream().filter(c -> c.startsWith("apps:report")).count() >= 3);
        assertThat(commands.stream().filter(c -> c.startsWith("letsencrypt:enable")).count()).isEqualTo(enables);
        assertThat(status("cert")).containsEntry("phase", "Ready").containsEntry("attempts", 0L);
        assertThat(object(operator.get("/api/v1/instances/cert/plan").body())).containsEntry("converged", true);
        assertThat(operator.get("/prometheus").body()).contains("mindroom_tls_attempts_total{result=\"EmailMissing\"}");
    }

    @Test
    void theConfiguredEmailIsSetOnEachAppBeforeItsCertificateIsRequested() {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        sandbox.state().setLetsencryptGlobalEmail("");
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of("operator.letsencrypt-email", "certs@mindroom.test"));
        List<String> commands = new CopyOnWriteArrayList<>();
        sandbox.onCommand(commands::add);
        put("mail", "{\"tier\":\"starter\"}");
        Await.until("TLS active", () -> "True".equals(condition("mail", "TLS").get("status")));
        assertThat(commands).contains("letsencrypt:set mr-mail-backend email certs@mindroom.test");
        assertThat(commands.indexOf("letsencrypt:set mr-mail-backend email certs@mindroom.test"))
                .isLessThan(commands.indexOf("letsencrypt:enable mr-mail-backend"));
        try (RawSsh ssh = new RawSsh(sandbox)) {
            assertThat(ssh.exec("letsencrypt:active mr-mail-backend").stdout().trim()).isEqualTo("true");
        }
    }

    @Test
    void aHostThatStopsAnsweringIsShownAtOnceAndOnlyItsInstancesSayUnreachable() {
        fleet = new Fleet();
        fleet.sandbox("dokku-a", 10);
        SandboxServer b = fleet.sandbox("dokku-b", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of());
        put("on-a", "{\"tier\":\"free\"}");
        Await.until("on-a placed", () -> status("on-a").get("host") != null);
        put("on-b", "{\"tier\":\"free\"}");
        Await.until("both Ready", () -> "Ready".equals(status("on-b").get("phase"))
                && "Ready".equals(status("on-a").get("phase")));
        assertThat(status("on-a")).containsEntry("host", "dokku-a");
        assertThat(status("on-b")).containsEntry("host", "dokku-b");
        b.close();
        Await.until("GET /hosts says dokku-b is unreachable", () -> operator.get("/api/v1/hosts").body()
                .matches("(?s).*\"name\":\"dokku-b\"[^}]*\"reachable\":false.*"));
        Await.until("the instance on dokku-b says HostUnreachable", () ->
                "HostUnreachable".equals(condition("on-b", "Ready").get("reason")));
        assertThat(condition("on-b", "Ready")).containsEntry("status", "Unknown");
        assertThat((String) condition("on-b", "Ready").get("message")).contains("dokku-b");
        assertThat(condition("on-a", "Ready")).containsEntry("status", "True");
        assertThat(operator.get("/prometheus").body()).contains("mindroom_hosts_up{host=\"dokku-b\"} 0.0");
    }

    @Test
    void placementSkipsADeadHostAndAFullFleetSaysUnschedulable() {
        fleet = new Fleet();
        fleet.sandbox("dokku-small", 1);
        fleet.unreachable("dokku-dead", 100);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of());
        put("first", "{\"tier\":\"free\"}");
        Await.until("first Ready", () -> "Ready".equals(status("first").get("phase")));
        assertThat(status("first")).containsEntry("host", "dokku-small");
        put("second", "{\"tier\":\"free\"}");
        Await.until("second Unschedulable", () -> "Unschedulable".equals(condition("second", "Ready").get("reason")));
        assertThat(status("second")).containsEntry("phase", "Pending").containsEntry("host", null);
        assertThat((String) condition("second", "Ready").get("message"))
                .contains("dokku-small: full (1 of 1)").contains("dokku-dead: unreachable");
        String events = operator.get("/api/v1/instances/second/events").body();
        assertThat(events).contains("Unschedulable").doesNotContain("COMMAND_FAILED");
    }

    @Test
    void aRepairRequestReadsTheInstanceInFullAndRepairsHandEditsAndStoppedApps() {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        put("hand", "{\"tier\":\"starter\"}");
        Reconciler reconciler = reconciler();
        for (int i = 0; i < 2; i++) {
            reconciler.reconcile(new InstanceName("hand"));
            try {
                reconciler.awaitRestarts(CEILING);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        reconciler.snapshot("dokku-1");
        reconciler.reconcile(new InstanceName("hand"));
        assertThat(condition("hand", "Ready")).containsEntry("status", "True");
        try (RawSsh ssh = new RawSsh(sandbox)) {
            ssh.exec("config:set --no-restart mr-hand-backend MINDROOM_TIER=hacked");
            ssh.exec("ps:stop mr-hand-frontend");
            // Without a request, the resync compares against the bulk reports, which show neither.
            reconciler.snapshot("dokku-1");
            reconciler.reconcile(new InstanceName("hand"));
            assertThat(ssh.exec("config:get mr-hand-backend MINDROOM_TIER").stdout().trim()).isEqualTo("hacked");
            assertThat(operator.send(operator.request("/api/v1/instances/hand/reconcile")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(202);
            reconciler.reconcile(new InstanceName("hand"));
            assertThat(ssh.exec("config:get mr-hand-backend MINDROOM_TIER").stdout().trim()).isEqualTo("starter");
            assertThat(ssh.exec("ps:report mr-hand-frontend --format json").stdout()).contains("\"running\":\"true\"");
        }
        assertThat(operator.get("/api/v1/instances/hand/events").body()).contains("DriftRepaired");
    }
}
