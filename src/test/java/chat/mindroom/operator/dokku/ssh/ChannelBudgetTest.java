package chat.mindroom.operator.dokku.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ChannelBudgetTest {

    private static CompletableFuture<Void> acquireLater(ChannelBudget budget, boolean slow) {
        return acquireLater(budget, slow, false);
    }

    private static CompletableFuture<Void> acquireLater(ChannelBudget budget, boolean slow, boolean background) {
        return CompletableFuture.runAsync(() -> {
            try {
                budget.acquire(slow, () -> background);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean finishes(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    @Test
    void slowCommandsLeaveOneChannelForQuickOnes() throws Exception {
        ChannelBudget budget = new ChannelBudget(6);
        assertThat(budget.slowMax()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            budget.acquire(true, () -> false);
        }
        CompletableFuture<Void> sixthSlow = acquireLater(budget, true);
        assertThat(finishes(sixthSlow)).isFalse();
        assertThat(finishes(acquireLater(budget, false))).isTrue();
        budget.release(false);
        assertThat(finishes(sixthSlow)).isFalse(); // five slow ones are the most, even with a channel free
        budget.release(true);
        assertThat(finishes(sixthSlow)).isTrue();
    }

    @Test
    void aFreedChannelGoesToAWaitingQuickCommandFirst() throws Exception {
        ChannelBudget budget = new ChannelBudget(2);
        budget.acquire(true, () -> false);
        budget.acquire(false, () -> false);
        CompletableFuture<Void> slow = acquireLater(budget, true);
        CompletableFuture<Void> quick = acquireLater(budget, false);
        Thread.sleep(100);
        budget.release(true);
        assertThat(finishes(quick)).isTrue();
        assertThat(finishes(slow)).isFalse();
        budget.release(false);
        assertThat(finishes(slow)).isTrue();
    }

    @Test
    void backgroundReadsWaitBehindForegroundOnesButNotBehindSlowCommands() throws Exception {
        ChannelBudget budget = new ChannelBudget(3);
        budget.acquire(false, () -> true);
        budget.acquire(false, () -> true);
        budget.acquire(false, () -> true);
        CompletableFuture<Void> background = acquireLater(budget, false, true);
        Thread.sleep(100);
        CompletableFuture<Void> edit = acquireLater(budget, false, false);
        Thread.sleep(100);
        budget.release(false);
        assertThat(finishes(edit)).isTrue(); // it came later, and still goes first
        assertThat(finishes(background)).isFalse();
        budget.release(false);
        assertThat(finishes(background)).isTrue();
        // A background read and a slow command compete for what foreground work leaves.
        CompletableFuture<Void> slow = acquireLater(budget, true, false);
        budget.release(false);
        assertThat(finishes(slow)).isTrue();
    }

    @Test
    void aSingleChannelHostStillRunsSlowCommands() throws Exception {
        ChannelBudget budget = new ChannelBudget(1);
        assertThat(finishes(acquireLater(budget, true))).isTrue();
    }
}
