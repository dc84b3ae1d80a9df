package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A mass delete through the API is stopped by the fleet brake before anything is destroyed: deletions
 * wait a settle period, every tombstone is counted where it arrives, and the brake lives in the
 * database, so every replica honours it.
 */
class MassDeleteIT {

    private static String phase(RunningOperator op, String name) {
        HttpResponse<String> got = op.get("/api/v1/instances/" + name);
        // A purged instance's record is gone (its name is free again).
        return got.statusCode() == 404 ? "purged" : String.valueOf(map(object(got.body()).get("status")).get("phase"));
    }

    /** Twelve instances of one spec, named {@code prefix0..11}, once all are Ready. */
    private static List<String> readyFleet(RunningOperator op, String prefix, String spec) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add(prefix + i);
            op.put("/api/v1/instances/" + prefix + i, spec);
        }
        Await.until("all Ready", () -> names.stream().allMatch(n -> "Ready".equals(phase(op, n))));
        return names;
    }

    @Test
    void aThirdOfTheFleetDeletedAtOnceDestroysNothingAndEveryReplicaSeesTheBrake() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
            JdbcTarget db = TestDatabase.fresh();
            try (RunningOperator op = fleet.operator(db, true, Map.of("operator.reconcile.deletion-settle", "3s"))) {
                List<String> names = readyFleet(op, "mass-", "{\"tier\":\"free\"}");
                List<String> apps = sandbox.state().appNames();
                for (String name : names.subList(0, 4)) {
                    assertThat(op.delete("/api/v1/instances/" + name).statusCode()).isEqualTo(202);
                }
                // a quarter of the fleet engages it: the third or fourth deletion, whichever is counted first
                Await.until("the fleet brake is on", () -> op.get("/api/v1/hosts").body()
                        .contains("of 12 instances are being deleted or are losing apps or services at once"));
                Await.until("the brake metric", () -> op.get("/prometheus").body().contains("mindroom_safety_brake_active 1.0"));
                // Well past the settle period: the deletions are held, nothing was destroyed.
                Thread.sleep(5000);
                assertThat(sandbox.state().appNames()).isEqualTo(apps);
                assertThat(phase(op, "mass-0")).isEqualTo("Deleting");
                assertThat(op.get("/api/v1/instances/mass-0").body()).contains("SafetyBrake");
                try (RunningOperator other = fleet.operator(db, false, Map.of())) {
                    assertThat(object(other.get("/api/v1/hosts").body()).get("fleetBrake").toString())
                            .as("another replica honours the same brake").contains("of 12 instances");
                }
                // A person checks and releases it: the deletions go ahead.
                assertThat(op.send(op.request("/api/v1/hosts/fleet/release-brake")
                        .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
                Await.until("the four deleted", () -> names.subList(0, 4).stream().allMatch(n -> "purged".equals(phase(op, n))),
                        () -> names.subList(0, 4).stream().map(n -> op.get("/api/v1/instances/" + n).body())
                                .collect(Collectors.joining("\n")) + "\nbackups: " + names.subList(0, 4).stream()
                                .map(n -> op.get("/api/v1/instances/" + n + "/backups").body())
                                .collect(Collectors.joining("\n")) + "\nhosts: " + op.get("/api/v1/hosts").body());
                assertThat(sandbox.state().appNames()).doesNotContain("mr-mass-0-backend").contains("mr-mass-4-backend");
            }
        }
    }

    @Test
    void aThirdOfTheFleetTurningMatrixOffAtOnceRemovesNothingUntilAPersonReleasesTheBrake() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 100);
            JdbcTarget db = TestDatabase.fresh();
            try (RunningOperator op = fleet.operator(db, true, Map.of("operator.reconcile.deletion-settle", "3s"))) {
                List<String> names = readyFleet(op, "edit-", "{\"tier\":\"free\",\"matrix\":{\"enabled\":true}}");
                List<String> apps = sandbox.state().appNames();
                assertThat(apps).contains("mr-edit-0-matrix");
                for (String name : names.subList(0, 4)) {
                    assertThat(op.put("/api/v1/instances/" + name, "{\"tier\":\"free\",\"matrix\":{\"enabled\":false}}")
                            .statusCode()).isEqualTo(200);
                }
                // a quarter of the fleet engages it: the third or fourth edit, whichever is counted first
                Await.until("the fleet brake is on", () -> op.get("/api/v1/hosts").body()
                        .contains("of 12 instances are being deleted or are losing apps or services at once"));
                Thread.sleep(5000);
                assertThat(sandbox.state().appNames()).as("no Matrix app removed past the settle time").isEqualTo(apps);
                assertThat(op.get("/api/v1/instances/edit-0").body()).contains("SafetyBrake");

                assertThat(op.send(op.request("/api/v1/hosts/fleet/release-brake")
                        .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
                Await.until("the four Matrix apps removed", () -> names.subList(0, 4).stream()
                        .noneMatch(n -> sandbox.state().appNames().contains("mr-" + n + "-matrix")));
                Await.until("all Ready again", () -> names.stream().allMatch(n -> "Ready".equals(phase(op, n))));
                assertThat(sandbox.state().appNames()).contains("mr-edit-4-matrix");
                assertThat(op.get("/api/v1/hosts").body()).doesNotContain("losing apps");
            }
        }
    }
}
