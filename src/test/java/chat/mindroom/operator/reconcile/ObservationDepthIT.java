package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.DokkuSimulator;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * How much the loop reads: a converged fleet is resynced from a few bulk reports per host, drift
 * those reports show is repaired at the next resync, drift they cannot show (an app's environment)
 * at the next full observation, and an edit that sets limits writes without reading.
 */
class ObservationDepthIT {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static boolean ready(RunningOperator operator, String name, long generation) {
        Map<String, Object> status = map(object(operator.get("/api/v1/instances/" + name).body()).get("status"));
        return "Ready".equals(status.get("phase")) && Long.valueOf(generation).equals(status.get("observedGeneration"));
    }

    private static double observations(RunningOperator operator, String depth) {
        for (String line : operator.get("/prometheus").body().split("\n")) {
            if (line.startsWith("mindroom_observations_total{depth=\"" + depth + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no mindroom_observations_total for " + depth);
    }

    /** The exec strings the sandbox receives while {@code recording} is set. */
    private static List<String> record(SandboxServer sandbox, AtomicBoolean recording) {
        List<String> seen = new CopyOnWriteArrayList<>();
        sandbox.onCommand(exec -> {
            if (recording.get()) {
                seen.add(exec);
            }
        });
        return seen;
    }

    @Test
    void aConvergedFleetIsResyncedFromBulkReportsAndStructuralDriftIsStillRepaired() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
            try (RunningOperator operator = fleet.operator(TestDatabase.fresh(), true, Map.of(
                    "operator.reconcile.full-observe-interval", "10m"));
                 RawSsh ssh = new RawSsh(sandbox)) {
                for (String name : List.of("ant", "bee", "cat")) {
                    operator.put("/api/v1/instances/" + name, "{\"tier\":\"starter\"}");
                }
                await("three instances Ready", () -> List.of("ant", "bee", "cat").stream()
                        .allMatch(n -> ready(operator, n, 1)));
                await("resyncs answered from the snapshot", () -> observations(operator, "snapshot") >= 6);

                AtomicBoolean recording = new AtomicBoolean(true);
                List<String> seen = record(sandbox, recording);
                double before = observations(operator, "snapshot");
                await("two more resyncs", () -> observations(operator, "snapshot") >= before + 6);
                recording.set(false);
                assertThat(seen).anyMatch(c -> c.equals("apps:report --format json"))
                        .anyMatch(c -> c.equals("resource:report --format json"))
                        .noneMatch(DokkuSimulator::isWrite)
                        // No per-app read: a converged instance costs nothing but its share of the bulk reports.
                        .noneMatch(c -> c.contains("mr-"));

                ssh.exec("resource:limit --memory 3g mr-bee-backend");
                await("the out-of-band limit repaired", () -> ssh.exec("resource:report mr-bee-backend --format json")
                        .stdout().contains("\"_default_.limit.memory\":\"512m\""));
            }
        }
    }

    @Test
    void aNewInstanceListsTheHostInsteadOfReadingAppsThatAreNotThere() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
            try (RunningOperator operator = fleet.operator(TestDatabase.fresh(), true, Map.of())) {
                AtomicBoolean recording = new AtomicBoolean(true);
                List<String> seen = record(sandbox, recording);
                operator.put("/api/v1/instances/fox", "{\"tier\":\"starter\"}");
                await("fox Ready", () -> ready(operator, "fox", 1));
                recording.set(false);
                int firstWrite = seen.indexOf(seen.stream().filter(DokkuSimulator::isWrite).findFirst().orElseThrow());
                List<String> beforeFirstWrite = seen.subList(0, firstWrite);
                assertThat(beforeFirstWrite).anyMatch(c -> c.startsWith("apps:list"))
                        .anyMatch(c -> c.startsWith("postgres:list"))
                        .noneMatch(c -> c.contains("mr-fox-"));
            }
        }
    }

    @Test
    void driftNoBulkReportShowsIsRepairedAtTheNextFullObservation() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
            try (RunningOperator operator = fleet.operator(TestDatabase.fresh(), true, Map.of(
                    "operator.reconcile.full-observe-interval", "3s"));
                 RawSsh ssh = new RawSsh(sandbox)) {
                operator.put("/api/v1/instances/dog", "{\"tier\":\"starter\"}");
                await("dog Ready", () -> ready(operator, "dog", 1));
                await("a resync from the snapshot", () -> observations(operator, "snapshot") >= 1);
                ssh.exec("config:set --no-restart mr-dog-backend MINDROOM_TIER=enterprise");
                await("the owned key set back", () -> ssh.exec("config:get mr-dog-backend MINDROOM_TIER").stdout()
                        .trim().equals("starter"));
            }
        }
    }

    @Test
    void anEditThatSetsLimitsWritesWithoutReading() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
            try (RunningOperator operator = fleet.operator(TestDatabase.fresh(), true, Map.of(
                    "operator.reconcile.full-observe-interval", "10m",
                    "operator.reconcile.resync-interval", "1h"));
                 RawSsh ssh = new RawSsh(sandbox)) {
                operator.put("/api/v1/instances/elk", "{\"tier\":\"starter\",\"matrix\":{\"enabled\":true}}");
                await("elk Ready", () -> ready(operator, "elk", 1));
                // A second, converging pass: the one that remembers the full observation.
                operator.send(operator.request("/api/v1/instances/elk/reconcile")
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
                await("a converged full observation", () -> observations(operator, "full") >= 2);

                AtomicBoolean recording = new AtomicBoolean(true);
                List<String> seen = record(sandbox, recording);
                operator.put("/api/v1/instances/elk", "{\"tier\":\"starter\",\"matrix\":{\"enabled\":true},"
                        + "\"limits\":{\"memoryMb\":1536}}");
                await("elk Ready at generation 2", () -> ready(operator, "elk", 2));
                recording.set(false);
                assertThat(ssh.exec("resource:report mr-elk-backend --format json").stdout())
                        .contains("\"_default_.limit.memory\":\"1536m\"");
                // Limits are written whole: the edit needs no read, only its write and the restart.
                assertThat(seen.stream().filter(c -> c.contains("mr-elk-")).toList())
                        .containsExactly("resource:limit --memory 1536m --cpu 0.5 mr-elk-backend",
                                "ps:restart mr-elk-backend");
                assertThat(observations(operator, "targeted")).isEqualTo(1.0);

                // A full resync on request: every host's snapshot, then a pass per instance. The edit's
                // writes were remembered, so the edited instance is judged from the snapshot alone.
                double snapshots = observations(operator, "snapshot");
                double full = observations(operator, "full");
                var resync = operator.send(operator.request("/api/v1/resync")
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
                assertThat(resync.statusCode()).isEqualTo(202);
                assertThat(object(resync.body())).containsEntry("instances", 1L);
                await("the requested resync's pass", () -> observations(operator, "snapshot") > snapshots);
                assertThat(observations(operator, "full")).isEqualTo(full);
            }
        }
    }
}
