package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.ServiceKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhasedRunTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static final List<Action> PLAN = List.of(
            new Action.CreateService(ServiceKind.POSTGRES, "db"),
            new Action.CreateApp("a"),
            new Action.CreateApp("b"),
            new Action.SetConfig("a", new TreeMap<>(Map.of("K", "v")), Set.of()),
            new Action.EnsureStorage("a-data"),
            new Action.MountStorage("a", "/var/lib/dokku/data/storage/a-data", "/data"),
            new Action.SetConfig("b", new TreeMap<>(Map.of("K", "v")), Set.of()),
            new Action.LinkService(ServiceKind.POSTGRES, "db", "a"),
            new Action.Deploy("a", "img:1"),
            new Action.Deploy("b", "img:1"),
            new Action.EnableTls("a"));

    @Test
    void phasesRunInOrderAndEachAppStaysSequential() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        PhasedRun.run(PLAN, pool, a -> done.add(a.describe()));
        assertThat(done).hasSize(PLAN.size());
        for (int i = 1; i < done.size(); i++) {
            Stage before = PLAN.get(PLAN.stream().map(Action::describe).toList().indexOf(done.get(i - 1))).stage();
            Stage after = PLAN.get(PLAN.stream().map(Action::describe).toList().indexOf(done.get(i))).stage();
            assertThat(after).isGreaterThanOrEqualTo(before);
        }
        assertThat(done.indexOf("storage:ensure-directory a-data"))
                .isLessThan(done.indexOf("storage:mount a /var/lib/dokku/data/storage/a-data:/data"));
        assertThat(done.indexOf("config:set --encoded --no-restart a K=<redacted>"))
                .isLessThan(done.indexOf("storage:ensure-directory a-data"));
    }

    @Test
    void differentAppsOfOnePhaseRunAtTheSameTime() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        AtomicInteger overlapped = new AtomicInteger();
        PhasedRun.run(List.of(new Action.Deploy("a", "x"), new Action.Deploy("b", "x")), pool, a -> {
            both.countDown();
            try {
                if (both.await(5, TimeUnit.SECONDS)) {
                    overlapped.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(overlapped.get()).isEqualTo(2);
    }

    @Test
    void aFailureStopsLaterPhases() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> PhasedRun.run(PLAN, pool, a -> {
            if (a instanceof Action.LinkService) {
                throw new OperatorException(ErrorCode.COMMAND_FAILED, "link failed");
            }
            done.add(a.describe());
        })).hasMessage("link failed");
        assertThat(done).noneMatch(d -> d.startsWith("git:from-image") || d.startsWith("letsencrypt"));
    }
}
