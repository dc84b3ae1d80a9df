package chat.mindroom.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PassQueueTest {

    @Test
    void passesAnEditAskedForOvertakeResyncPassesWaitingForAWorker() throws Exception {
        ExecutorService pool = ReconcileLoop.workerPool(1);
        try {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            pool.execute(new QueuedPass(false, 0, () -> {
                started.countDown();
                await(busy);
            }));
            started.await();
            long order = 1;
            for (String name : List.of("resync-1", "resync-2", "edit-1", "resync-3", "edit-2")) {
                pool.execute(new QueuedPass(name.startsWith("edit"), order++, () -> ran.add(name)));
            }
            busy.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("edit-1", "edit-2", "resync-1", "resync-2", "resync-3");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
