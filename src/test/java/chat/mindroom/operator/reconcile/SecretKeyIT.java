package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.store.JdbcTarget;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replica whose secret key differs from the one the database's secrets were sealed with refuses to start. */
class SecretKeyIT {

    @Test
    void aReplicaWithAnotherSecretKeyRefusesToStartAndSaysHowToFixIt() {
        try (Fleet fleet = new Fleet()) {
            fleet.sandbox("dokku-1", 10);
            JdbcTarget db = TestDatabase.fresh();
            try (RunningOperator first = fleet.operator(db, false, Map.of())) {
                assertThat(first.put("/api/v1/instances/sealed", "{\"tier\":\"free\"}").statusCode()).isEqualTo(201);
                assertThatThrownBy(() -> fleet.operator(db, false, Map.of("operator.secret-key",
                        "ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=")))
                        .hasStackTraceContaining("secret key is not the one")
                        .hasStackTraceContaining("OPERATOR_SECRET_KEY");
                // The same key as the first starts fine.
                try (RunningOperator same = fleet.operator(db, false, Map.of())) {
                    assertThat(same.get("/api/v1/instances/sealed").statusCode()).isEqualTo(200);
                }
            }
        }
    }
}
