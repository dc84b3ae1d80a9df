package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/**
 * Lets work that ends outside a pass (a restart, a sign of drift) ask for a pass of its instance,
 * without knowing the loop that runs passes. Until a loop registers, wake-ups are dropped: the next
 * resync visits every instance anyway.
 */
@Singleton
public final class Wakeups {

    private volatile Consumer<InstanceName> target = name -> { };

    void register(Consumer<InstanceName> target) {
        this.target = target;
    }

    public void wake(InstanceName name) {
        target.accept(name);
    }
}
