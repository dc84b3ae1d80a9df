package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies signed subscription events exactly once per webhook-id: the id is recorded in the same
 * transaction as the desired-state write, so a repeat changes nothing and a refused event (the
 * transaction rolled back) can be sent again. Failures are the {@link InstanceStore}'s.
 */
public interface SubscriptionIntake {

    /**
     * Writes the spec {@code specFor} derives from the current record (read under its row lock, empty
     * when there is none), like a PUT without preconditions. {@code specFor} may throw an
     * {@code OperatorException} to refuse the event.
     */
    IntakeResult write(String webhookId, String eventType, InstanceName name,
                       Function<Optional<Instance>, InstanceSpec> specFor, String actor);

    /**
     * Requests deletion like a DELETE (a soft delete with the {@code grace} of the instance's tier).
     * An instance that does not exist is {@code absent}, not an error; one whose spec names a
     * different subscription is a {@code CONFLICT}. A write for a soft-deleted instance undeletes it.
     */
    IntakeResult cancel(String webhookId, String eventType, InstanceName name, String subscriptionId, String actor,
                        Function<Instance, Duration> grace);
}
