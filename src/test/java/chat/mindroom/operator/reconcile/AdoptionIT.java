package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RawSsh;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instance the previous provisioner set up (apps without the operator's marker, a linked
 * database, a generated admin password) is left alone until its spec says {@code adopt}; then it is
 * taken over in place: nothing recreated, the customer's password kept, the apps marked.
 */
class AdoptionIT {

    @Test
    void anInstanceMovedInFromTheOldProvisionerIsTakenOverOnlyWhenTheSpecSaysAdopt() throws Exception {
        try (Fleet fleet = new Fleet()) {
            SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
            try (RawSsh old = new RawSsh(sandbox);
                 RunningOperator op = fleet.operator(TestDatabase.fresh(), true, Map.of())) {
                for (String command : new String[] {"apps:create mr-moved-backend", "apps:create mr-moved-frontend",
                        "config:set --no-restart mr-moved-backend MINDROOM_ADMIN_PASSWORD=legacy-password-123",
                        "postgres:create mr-moved-db", "postgres:link mr-moved-db mr-moved-backend --no-restart",
                        "git:from-image mr-moved-backend ghcr.io/mindroom/mindroom-backend:latest"}) {
                    assertThat(old.exec(command).exit()).as(command).isZero();
                }
                op.put("/api/v1/instances/moved", "{\"tier\":\"starter\"}");
                Await.until("a Conflict", () -> op.get("/api/v1/instances/moved/events").body()
                        .contains("mr-moved-backend exists but is not managed by this operator"));
                assertThat(old.exec("config:get mr-moved-backend MINDROOM_MANAGED_BY").stdout().trim())
                        .as("left alone").isEmpty();

                assertThat(op.put("/api/v1/instances/moved", "{\"tier\":\"starter\",\"adopt\":true}").statusCode())
                        .isEqualTo(200);
                Await.until("Ready", () -> "Ready".equals(String.valueOf(map(object(op.get("/api/v1/instances/moved")
                        .body()).get("status")).get("phase"))));
                assertThat(old.exec("config:get mr-moved-backend MINDROOM_MANAGED_BY").stdout().trim())
                        .isEqualTo("mindroom-operator");
                assertThat(old.exec("config:get mr-moved-backend MINDROOM_ADMIN_PASSWORD").stdout().trim())
                        .as("the customer's password is kept").isEqualTo("legacy-password-123");
                assertThat(old.exec("postgres:links mr-moved-db").stdout()).contains("mr-moved-backend");
                assertThat(sandbox.state().appNames()).contains("mr-moved-backend", "mr-moved-frontend");
                assertThat(op.get("/api/v1/instances/moved/events?limit=200").body())
                        .doesNotContain("postgres:create mr-moved-db").doesNotContain("apps:create mr-moved-backend");
            }
        }
    }
}
