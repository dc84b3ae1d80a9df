package chat.mindroom.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.template.BackupPolicy;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The schedule against the real store and sandbox, with the time set by the test: due backups are
 * taken within the per-host budget, two replicas' schedules never take the same slot twice, and the
 * fleet gauges say when backups are overdue.
 */
class ScheduledBackupsIT {

    private static final BackupPolicy DAILY = new BackupPolicy(Duration.ofDays(1), 3, 0);

    private Fleet fleet;
    private RunningOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        fleet.close();
    }

    private BackupScheduler scheduler(Instant now, int perHost) {
        ApplicationContext context = operator.context();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Backups backups = new Backups(context.getBean(ReconcileStore.class),
                new BackupStore(context.getBean(Jdbi.class)), context.getBean(BackupStorage.class),
                context.getBean(BackupTargets.class), context.getBean(DokkuFleet.class),
                context.getBean(BackupMetrics.class), fleet.backups().resolve("staging"), "test-replica", clock);
        return new BackupScheduler(new BackupStore(context.getBean(Jdbi.class)), backups, tier -> DAILY,
                context.getBean(BackupMetrics.class), clock, perHost);
    }

    private static void awaitIdle(BackupScheduler scheduler) {
        Await.until("the scheduled backups end", () -> scheduler.running("dokku-1") == 0);
    }

    @Test
    void dueBackupsAreTakenWithinTheHostBudgetOncePerSlotEvenWithTwoReplicas() throws Exception {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of("operator.backup.schedule-enabled", false));
        BackupScenario one = new BackupScenario(operator, sandbox.state().data(), "sched-one").ready("free");
        BackupScenario two = new BackupScenario(operator, sandbox.state().data(), "sched-two").ready("free");
        Instant later = Instant.now().plus(Duration.ofDays(2));

        BackupScheduler first = scheduler(later, 1);
        assertThat(first.tick()).as("one place on dokku-1").isEqualTo(1);
        awaitIdle(first);
        assertThat(first.tick()).as("the other instance's turn").isEqualTo(1);
        awaitIdle(first);
        assertThat(first.tick()).as("both have this slot's backup").isZero();
        assertThat(one.backups()).hasSize(1).allMatch(b -> "complete".equals(b.get("status")));
        assertThat(two.backups()).hasSize(1).allMatch(b -> "complete".equals(b.get("status")));

        // A day later both are due again; two replicas look at once and each slot is taken once.
        Instant nextDay = later.plus(Duration.ofDays(1));
        BackupScheduler a = scheduler(nextDay, 2);
        BackupScheduler b = scheduler(nextDay, 2);
        CompletableFuture<Integer> ta = CompletableFuture.supplyAsync(a::tick);
        CompletableFuture<Integer> tb = CompletableFuture.supplyAsync(b::tick);
        ta.join();
        tb.join();
        awaitIdle(a);
        awaitIdle(b);
        for (BackupScenario s : List.of(one, two)) {
            assertThat(s.backups()).filteredOn(x -> "complete".equals(x.get("status"))).hasSize(2);
        }
        first.close();
        a.close();
        b.close();
    }

    @Test
    void theGaugesCountInstancesWithoutABackupForTwiceTheirInterval() throws Exception {
        fleet = new Fleet();
        SandboxServer sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of("operator.backup.schedule-enabled", false));
        new BackupScenario(operator, sandbox.state().data(), "gauge-one").ready("free");
        BackupScheduler scheduler = scheduler(Instant.now().plus(Duration.ofDays(3)), 1);
        // The gauges are set by the tick's look at the fleet, before the backup it starts has ended.
        scheduler.tick();
        String metrics = operator.get("/prometheus").body();
        assertThat(metrics).containsPattern("mindroom_backup_overdue_instances(\\{[^}]*\\})? 1(\\.0)?\n");
        assertThat(metrics).containsPattern("mindroom_backup_oldest_latest_age_seconds(\\{[^}]*\\})? 2[0-9]{5}(\\.0)?\n");
        awaitIdle(scheduler);
        assertThat(operator.get("/prometheus").body())
                .containsPattern("mindroom_backups_total\\{outcome=\"complete\",tier=\"free\"\\} 1(\\.0)?\n");
        scheduler.close();
    }
}
