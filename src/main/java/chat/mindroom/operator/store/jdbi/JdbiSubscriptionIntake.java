package chat.mindroom.operator.store.jdbi;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.IntakeResult;
import chat.mindroom.operator.store.Precondition;
import chat.mindroom.operator.store.SubscriptionIntake;
import chat.mindroom.operator.store.WriteResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@link SubscriptionIntake} on PostgreSQL: {@code webhook_deliveries} and the instance write in one transaction. */
@Singleton
public final class JdbiSubscriptionIntake implements SubscriptionIntake {

    /** Far beyond any sender's retry schedule (the Standard Webhooks reference retries for about a day and a half). */
    static final String RETENTION = "30 days";

    private final Jdbi jdbi;

    public JdbiSubscriptionIntake(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public IntakeResult write(String webhookId, String eventType, InstanceName name,
                              Function<Optional<Instance>, InstanceSpec> specFor, String actor) {
        return JdbiInstanceStore.translate(() -> jdbi.inTransaction(handle -> {
            if (!recordDelivery(handle, webhookId, eventType, name)) {
                return new IntakeResult(IntakeResult.DUPLICATE, Optional.empty());
            }
            Optional<Instance> current = handle.attach(InstanceDao.class).lock(name.value());
            if (current.isPresent() && current.get().terminating()) {
                // A customer who comes back within the grace period gets the instance back with its data.
                current = Optional.of(JdbiInstanceStore.undeleteInTransaction(handle, current.get(), actor)
                        .instance());
            }
            InstanceSpec spec = specFor.apply(current);
            WriteResult result = JdbiInstanceStore.applyInTransaction(handle, name, spec,
                    JsonDocument.writeString(spec.toTree()), Precondition.NONE, actor);
            return finish(handle, webhookId, result.outcome().name().toLowerCase(Locale.ROOT),
                    Optional.of(result.instance()));
        }));
    }

    @Override
    public IntakeResult cancel(String webhookId, String eventType, InstanceName name, String subscriptionId,
                               String actor, Function<Instance, Duration> grace) {
        return JdbiInstanceStore.translate(() -> jdbi.inTransaction(handle -> {
            if (!recordDelivery(handle, webhookId, eventType, name)) {
                return new IntakeResult(IntakeResult.DUPLICATE, Optional.empty());
            }
            Optional<Instance> current = handle.attach(InstanceDao.class).lock(name.value());
            if (current.isEmpty()) {
                return finish(handle, webhookId, "absent", Optional.empty());
            }
            Object owner = current.get().spec().get("subscriptionId");
            if (owner != null && !owner.equals(subscriptionId)) {
                throw new OperatorException(ErrorCode.CONFLICT, "instance " + name + " belongs to another"
                        + " subscription", List.of(new FieldError("data.subscriptionId",
                        "instance " + name + " belongs to another subscription")));
            }
            boolean wasDeleting = current.get().tombstoned();
            Instance tombstoned = JdbiInstanceStore.deleteInTransaction(handle, current.get(), Precondition.NONE,
                    actor, grace.apply(current.get()));
            return finish(handle, webhookId, wasDeleting ? "already-deleting" : "deletion-requested",
                    Optional.of(tombstoned));
        }));
    }

    /** True when the id is new; a concurrent delivery of the same id waits here for the first to finish. */
    private static boolean recordDelivery(Handle handle, String webhookId, String eventType, InstanceName name) {
        handle.createUpdate("DELETE FROM webhook_deliveries WHERE received_at < now() - CAST(:retention AS interval)")
                .bind("retention", RETENTION).execute();
        return handle.createUpdate("""
                        INSERT INTO webhook_deliveries (webhook_id, event_type, instance_name)
                        VALUES (:id, :type, :name)
                        ON CONFLICT (webhook_id) DO NOTHING
                        """)
                .bind("id", webhookId).bind("type", eventType).bind("name", name.value())
                .execute() == 1;
    }

    private static IntakeResult finish(Handle handle, String webhookId, String outcome, Optional<Instance> instance) {
        handle.createUpdate("UPDATE webhook_deliveries SET outcome = :outcome WHERE webhook_id = :id")
                .bind("outcome", outcome).bind("id", webhookId).execute();
        return new IntakeResult(outcome, instance);
    }
}
