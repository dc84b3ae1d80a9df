package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.Fault;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of design.md section 6, one pass at a time (the loop is off, so every pass is the
 * test's), through the real SSH transport to sandboxes that outlive the operator.
 */
class ReconcileScenariosIT {

    private Fleet fleet;
    private SandboxServer sandbox;
    private RunningOperator operator;
    private RawSsh ssh;

    @BeforeEach
    void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 100);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        ssh = new RawSsh(sandbox);
    }

    @AfterEach
    void stop() {
        ssh.close();
        operator.close();
        fleet.close();
    }

    private Reconciler.Outcome pass(String name) {
        Reconciler reconciler = operator.context().getBean(Reconciler.class);
        Reconciler.Outcome outcome = reconciler.reconcile(new InstanceName(name));
        try {
            assertThat(reconciler.awaitRestarts(java.time.Duration.ofSeconds(30))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // As the loop does when a restart ends: one more pass records that the change is live.
        if (operator.get("/api/v1/instances/" + name).body().contains("\"RestartPending\"")) {
            reconciler.reconcile(new InstanceName(name));
        }
        return outcome;
    }

    private Map<String, Object> condition(String name, String type) {
        return list(status(name).get("conditions")).stream().map(c -> map(c)).filter(c -> type.equals(c.get("type")))
                .findFirst().orElse(Map.of());
    }

    private HttpResponse<String> approve(String name, String hash) {
        return operator.send(operator.request("/api/v1/instances/" + name + "/approve")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"planHash\":\"" + hash + "\"}")).build());
    }

    private Map<String, Object> status(String name) {
        return map(object(operator.get("/api/v1/instances/" + name).body()).get("status"));
    }

    private boolean converged(String name) {
        return (Boolean) object(operator.get("/api/v1/instances/" + name + "/plan").body()).get("converged");
    }

    private String env(String app, String key) {
        return ssh.exec("config:get " + app + " " + key).stdout().trim();
    }

    private String report(String type, String app) {
        return ssh.exec(type + ":report " + app + " --format json").stdout();
    }

    private void put(String name, String json) {
        assertThat(operator.put("/api/v1/instances/" + name, json).statusCode()).isBetween(200, 201);
    }

    @Test
    void everyTierProvisionsWithItsLimitsAndAConvergedFleetWritesNothing() {
        put("t-free", "{\"tier\":\"free\"}");
        put("t-starter", "{\"tier\":\"starter\"}");
        put("t-pro", "{\"tier\":\"professional\",\"matrix\":{\"enabled\":true,\"server\":\"synapse\"}}");
        put("t-ent", "{\"tier\":\"enterprise\",\"domains\":[\"chat.ent-co.com\"]}");
        Map<String, String> memory = Map.of("t-free", "256m", "t-starter", "512m", "t-pro", "2048m", "t-ent", "8192m");
        for (String name : memory.keySet()) {
            assertThat(pass(name).ok()).as(name).isTrue();
            assertThat(status(name)).containsEntry("phase", "Ready").containsEntry("observedGeneration", 1L)
                    .containsEntry("host", "dokku-1");
            assertThat(report("resource", "mr-" + name + "-backend"))
                    .contains("\"_default_.limit.memory\":\"" + memory.get(name) + "\"");
            assertThat(report("ps", "mr-" + name + "-backend")).contains("\"running\":\"true\"");
        }
        assertThat(sandbox.state().appNames()).contains("mr-t-pro-matrix").doesNotContain("mr-t-free-matrix");
        assertThat(report("domains", "mr-t-ent-frontend")).contains("chat.ent-co.com");
        assertThat(env("mr-t-pro-backend", "MINDROOM_TIER")).isEqualTo("professional");

        long writes = sandbox.state().writeCount();
        for (String name : memory.keySet()) {
            assertThat(pass(name).actions()).isZero();
        }
        assertThat(sandbox.state().writeCount()).isEqualTo(writes);
    }

    @Test
    void tierUpgradeAndDowngradeRestartEachAffectedAppOnce() {
        put("updown", "{\"tier\":\"starter\"}");
        pass("updown");
        int backend = sandbox.state().restarts("mr-updown-backend");
        int frontend = sandbox.state().restarts("mr-updown-frontend");
        put("updown", "{\"tier\":\"professional\"}");
        pass("updown");
        assertThat(sandbox.state().restarts("mr-updown-backend")).isEqualTo(backend + 1);
        assertThat(sandbox.state().restarts("mr-updown-frontend")).isEqualTo(frontend);
        assertThat(report("resource", "mr-updown-backend")).contains("2048m");
        put("updown", "{\"tier\":\"free\"}");
        pass("updown");
        assertThat(sandbox.state().restarts("mr-updown-backend")).isEqualTo(backend + 2);
        assertThat(sandbox.state().restarts("mr-updown-frontend")).isEqualTo(frontend);
        assertThat(report("resource", "mr-updown-backend")).contains("256m");
        assertThat(env("mr-updown-backend", "MINDROOM_AGENTS")).isEqualTo("assistant");
        assertThat(status("updown")).containsEntry("observedGeneration", 3L).containsEntry("phase", "Ready");
    }

    /**
     * The enterprise tier's policy (tiers.yaml {@code approval: true}) holds removals until a person
     * approves exactly the plan that carries them; everything else in the pass goes on meanwhile.
     */
    @Test
    void matrixOnAndOffAndCustomDomainsFollowTheSpecTheRemovalOnlyOnceApproved() {
        put("mxi", "{\"tier\":\"enterprise\"}");
        pass("mxi");
        put("mxi", "{\"tier\":\"enterprise\",\"matrix\":{\"enabled\":true},\"domains\":[\"chat.mx-co.com\"]}");
        pass("mxi");
        assertThat(sandbox.state().appNames()).contains("mr-mxi-matrix");
        assertThat(report("ps", "mr-mxi-matrix")).contains("\"running\":\"true\"");
        assertThat(env("mr-mxi-backend", "MATRIX_HOMESERVER_URL")).isEqualTo("https://matrix.mxi.mindroom.test");
        assertThat(report("domains", "mr-mxi-frontend")).contains("chat.mx-co.com");
        put("mxi", "{\"tier\":\"enterprise\"}");
        pass("mxi");
        assertThat(sandbox.state().appNames()).as("held for an approval").contains("mr-mxi-matrix");
        assertThat(report("domains", "mr-mxi-frontend")).as("not held").doesNotContain("chat.mx-co.com");
        Map<String, Object> synced = condition("mxi", "Synced");
        assertThat(synced).containsEntry("status", "False").containsEntry("reason", "AwaitingApproval");
        Map<String, Object> plan = object(operator.get("/api/v1/instances/mxi/plan").body());
        Map<String, Object> approval = map(plan.get("approval"));
        assertThat(approval).containsEntry("required", true).containsEntry("approved", false);
        String hash = (String) approval.get("planHash");
        assertThat((String) synced.get("message")).contains(hash);
        assertThat(list(plan.get("actions"))).extracting(a -> map(a)).filteredOn(a -> "DestroyApp".equals(a.get("action")))
                .singleElement().satisfies(a -> assertThat(a).containsEntry("held", "AwaitingApproval"));

        HttpResponse<String> wrong = approve("mxi", "0123456789abcdef0123456789abcdef");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(409);
        assertThat(wrong.body()).contains(hash).contains("planHash");
        assertThat(approve("mxi", "not-a-hash").statusCode()).isEqualTo(422);
        assertThat(approve("ghost", hash).statusCode()).isEqualTo(404);
        pass("mxi");
        assertThat(sandbox.state().appNames()).as("still held").contains("mr-mxi-matrix");

        HttpResponse<String> approved = approve("mxi", hash);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(object(approved.body())).containsEntry("approvedBy", "ci").containsEntry("approved", true);
        assertThat(approve("mxi", hash).statusCode()).as("idempotent").isEqualTo(200);
        pass("mxi");
        assertThat(sandbox.state().appNames()).doesNotContain("mr-mxi-matrix");
        assertThat(list(object(operator.get("/api/v1/instances/mxi/events?limit=200").body()).get("items")))
                .extracting(e -> map(e).get("reason")).contains("Approved");
        assertThat(report("domains", "mr-mxi-frontend")).doesNotContain("chat.mx-co.com");
        assertThat(ssh.exec("config:export mr-mxi-backend --format json").stdout()).doesNotContain("MATRIX_HOMESERVER_URL");
        assertThat(converged("mxi")).isTrue();
    }

    @Test
    void suspendStopsAndResumeStarts() {
        put("sleepy", "{\"tier\":\"starter\"}");
        pass("sleepy");
        put("sleepy", "{\"tier\":\"starter\",\"suspended\":true}");
        pass("sleepy");
        assertThat(status("sleepy")).containsEntry("phase", "Suspended");
        assertThat(report("ps", "mr-sleepy-backend")).contains("\"running\":\"false\"");
        assertThat(sandbox.state().appNames()).contains("mr-sleepy-backend");
        put("sleepy", "{\"tier\":\"starter\"}");
        pass("sleepy");
        assertThat(status("sleepy")).containsEntry("phase", "Ready");
        assertThat(report("ps", "mr-sleepy-backend")).contains("\"running\":\"true\"");
    }

    @Test
    void driftOfEveryKindIsRepairedWithinOnePass() {
        put("drifty", "{\"tier\":\"starter\"}");
        pass("drifty");
        String keys = env("mr-drifty-backend", "MINDROOM_MANAGED_KEYS");
        for (String drift : List.of(
                "config:set --no-restart mr-drifty-backend MINDROOM_TIER=hacked",
                "config:unset --no-restart mr-drifty-frontend MINDROOM_API_URL",
                "resource:limit --memory 4g mr-drifty-backend",
                "domains:set mr-drifty-backend elsewhere.example.com",
                "storage:unmount mr-drifty-backend /var/lib/dokku/data/storage/mr-drifty:/app/data",
                "redis:unlink mr-drifty-redis mr-drifty-backend --no-restart",
                "apps:destroy --force mr-drifty-frontend")) {
            assertThat(ssh.exec(drift).exit()).as(drift).isZero();
        }
        assertThat(converged("drifty")).isFalse();
        assertThat(pass("drifty").ok()).isTrue();
        assertThat(converged("drifty")).isTrue();
        assertThat(env("mr-drifty-backend", "MINDROOM_TIER")).isEqualTo("starter");
        assertThat(env("mr-drifty-frontend", "MINDROOM_API_URL")).isEqualTo("https://api.drifty.mindroom.test");
        assertThat(report("resource", "mr-drifty-backend")).contains("512m");
        assertThat(report("domains", "mr-drifty-backend")).contains("api.drifty.mindroom.test").doesNotContain("elsewhere");
        assertThat(ssh.exec("storage:list mr-drifty-backend --format json").stdout()).contains("/app/data");
        assertThat(ssh.exec("redis:links mr-drifty-redis").stdout()).contains("mr-drifty-backend");
        assertThat(env("mr-drifty-backend", "MINDROOM_MANAGED_KEYS")).isEqualTo(keys);
        List<Object> events = list(object(operator.get("/api/v1/instances/drifty/events?limit=200").body()).get("items"));
        assertThat(events).extracting(e -> map(e).get("reason")).contains("DriftRepaired");
        assertThat(map(status("drifty").get("lastDrift")).get("fields").toString())
                .contains("env", "limits", "domains", "mounts", "links", "app_missing");
    }

    @Test
    void turningMatrixOffBacksTheInstanceUpFirstAndRemovesNothingIfTheBackupFails() {
        put("mxb", "{\"tier\":\"professional\",\"matrix\":{\"enabled\":true}}");
        pass("mxb");
        assertThat(sandbox.state().appNames()).contains("mr-mxb-matrix");
        sandbox.inject(Fault.fail("^postgres:export", 1, " !     export failed: disk full\n", -1));
        put("mxb", "{\"tier\":\"professional\"}");
        assertThat(pass("mxb").ok()).isFalse();
        assertThat(sandbox.state().appNames()).as("no backup, no removal").contains("mr-mxb-matrix");
        assertThat((String) map(status("mxb").get("lastError")).get("message"))
                .contains("backup before removing mr-mxb-matrix failed", "nothing is destroyed");

        sandbox.clearFaults();
        assertThat(pass("mxb").ok()).isTrue();
        assertThat(sandbox.state().appNames()).doesNotContain("mr-mxb-matrix");
        List<Object> backups = list(object(operator.get("/api/v1/instances/mxb/backups").body()).get("items"));
        assertThat(backups).extracting(b -> String.valueOf(map(b).get("reason")) + " " + map(b).get("status"))
                .contains("before removing mr-mxb-matrix complete");
        assertThat(converged("mxb")).isTrue();
    }

    @Test
    void aFailedBackupBlocksTheTeardownUntilItSucceeds() throws Exception {
        put("keepsafe", "{\"tier\":\"starter\"}");
        pass("keepsafe");
        String uid = (String) object(operator.get("/api/v1/instances/keepsafe").body()).get("uid");
        sandbox.inject(Fault.fail("^postgres:export", 1, " !     export failed: disk full\n", -1));
        operator.delete("/api/v1/instances/keepsafe");
        assertThat(pass("keepsafe").ok()).isFalse();
        assertThat(status("keepsafe")).containsEntry("phase", "Deleting");
        assertThat((String) map(status("keepsafe").get("lastError")).get("message")).contains("backup before deletion failed", "nothing is destroyed");
        assertThat(sandbox.state().appNames()).contains("mr-keepsafe-backend", "mr-keepsafe-frontend");
        sandbox.clearFaults();
        assertThat(pass("keepsafe").ok()).isTrue();
        assertThat(operator.get("/api/v1/instances/keepsafe").statusCode()).as("purged").isEqualTo(404);
        assertThat(sandbox.state().appNames()).isEmpty();
        List<Object> backups = list(object(operator.get("/api/v1/deleted-instances/" + uid + "/backups").body())
                .get("items"));
        assertThat(backups).extracting(b -> String.valueOf(map(b).get("reason")) + " " + map(b).get("status"))
                .containsExactlyInAnyOrder("before deletion failed", "before deletion complete");
    }

    @Test
    void aCrashBetweenTwoCommandsThenARestartConvergesWithoutDuplicateCreates() {
        put("crashy", "{\"tier\":\"starter\"}");
        // The connection drops right after apps:create of the backend succeeded.
        sandbox.inject(Fault.drop("^config:set .*mr-crashy-backend", 1));
        assertThat(pass("crashy").ok()).isFalse();
        assertThat(sandbox.state().appNames()).contains("mr-crashy-backend");
        var database = operator.database();
        operator.close();
        operator = fleet.operator(database, false, Map.of());
        assertThat(pass("crashy").ok()).isTrue();
        assertThat(status("crashy")).containsEntry("phase", "Ready");
        List<Object> events = list(object(operator.get("/api/v1/instances/crashy/events?limit=500").body()).get("items"));
        assertThat(events.stream().filter(e -> "apps:create mr-crashy-backend".equals(map(e).get("command"))).count())
                .isEqualTo(1);
        assertThat(events).extracting(e -> map(e).get("reason")).doesNotContain("Conflict");
    }

    @Test
    void aForeignAppWithACollidingNameIsLeftUntouched() {
        ssh.exec("apps:create mr-foreign-backend");
        ssh.exec("config:set --no-restart mr-foreign-backend OWNER=someone-else");
        put("foreign", "{\"tier\":\"starter\"}");
        pass("foreign");
        assertThat(env("mr-foreign-backend", "OWNER")).isEqualTo("someone-else");
        assertThat(ssh.exec("config:export mr-foreign-backend --format json").stdout()).doesNotContain("MINDROOM");
        assertThat(status("foreign").get("conditions").toString()).contains("Conflict");
        operator.delete("/api/v1/instances/foreign");
        pass("foreign");
        assertThat(sandbox.state().appNames()).contains("mr-foreign-backend").doesNotContain("mr-foreign-frontend");
    }

    @Test
    void aStrangersDatabaseUnderOurNameIsNeverLinkedExportedOrDestroyed() throws Exception {
        ssh.exec("apps:create their-app");
        ssh.exec("postgres:create mr-stranger-db");
        ssh.exec("postgres:link mr-stranger-db their-app");
        put("stranger", "{\"tier\":\"starter\"}");
        pass("stranger");
        assertThat(ssh.exec("postgres:links mr-stranger-db").stdout().trim()).isEqualTo("their-app");
        assertThat(status("stranger").get("conditions").toString()).contains("Conflict")
                .contains("postgres service mr-stranger-db exists but was not created by this operator");
        assertThat(sandbox.state().appNames()).contains("mr-stranger-backend");
        HttpResponse<String> backup = operator.send(operator.request("/api/v1/instances/stranger/backups")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(backup.statusCode()).as("a backup could read the stranger's database: refused").isEqualTo(409);
        assertThat(backup.body()).contains("conflicting objects");
        operator.delete("/api/v1/instances/stranger");
        pass("stranger");
        assertThat(operator.get("/api/v1/instances/stranger").statusCode()).as("purged").isEqualTo(404);
        assertThat(sandbox.state().appNames()).contains("their-app").doesNotContain("mr-stranger-backend");
        assertThat(ssh.exec("postgres:links mr-stranger-db").stdout().trim()).as("still there, still theirs")
                .isEqualTo("their-app");
        java.nio.file.Path backups = fleet.backups().resolve("stranger");
        assertThat(!java.nio.file.Files.exists(backups) || java.nio.file.Files.list(backups).findAny().isEmpty())
                .as("their database is not exported into our tenant's backups").isTrue();
    }

    @Test
    void aRecordCreatedOverExistingAppsKeepsTheSecretsTheyCarry() {
        put("keeper", "{\"tier\":\"starter\"}");
        pass("keeper");
        String password = env("mr-keeper-backend", "MINDROOM_ADMIN_PASSWORD");
        assertThat(password).isNotBlank();
        int restarts = sandbox.state().restarts("mr-keeper-backend");
        long writes = sandbox.state().writeCount();
        // The database is lost; a new one gets the same record again (a restore, a migration).
        operator.close();
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        put("keeper", "{\"tier\":\"starter\"}");
        pass("keeper");
        assertThat(env("mr-keeper-backend", "MINDROOM_ADMIN_PASSWORD")).as("the customer's admin password")
                .isEqualTo(password);
        assertThat(sandbox.state().restarts("mr-keeper-backend")).isEqualTo(restarts);
        assertThat(sandbox.state().writeCount()).as("nothing to write: the apps match").isEqualTo(writes);
        assertThat(status("keeper")).containsEntry("phase", "Ready");
    }

    @Test
    void aFreshDatabasePointedAtAPopulatedHostDestroysNothing() throws Exception {
        put("populated", "{\"tier\":\"starter\"}");
        pass("populated");
        List<String> apps = sandbox.state().appNames();
        long writes = sandbox.state().writeCount();
        operator.close();
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of());
        String metrics = "";
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        while (!metrics.contains("mindroom_orphans{host=\"dokku-1\"} 2.0") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            metrics = operator.send(java.net.http.HttpRequest.newBuilder(operator.uri("/prometheus")).GET().build())
                    .body();
        }
        assertThat(metrics).contains("mindroom_orphans{host=\"dokku-1\"} 2.0");
        Thread.sleep(2000);
        assertThat(sandbox.state().appNames()).isEqualTo(apps);
        assertThat(sandbox.state().writeCount()).isEqualTo(writes);
    }
}
