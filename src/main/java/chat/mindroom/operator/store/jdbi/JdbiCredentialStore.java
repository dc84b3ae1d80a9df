package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.NewNotification;
import chat.mindroom.operator.store.Rotation;
import chat.mindroom.operator.store.SecretBox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Hands an instance's customer-facing credentials over and rotates them. Every read and rotation
 * is an event naming the token (its name, never its value), written in the same transaction.
 */
public final class JdbiCredentialStore {

    private final Jdbi jdbi;
    private final SecretBox box;
    private final NotificationOutbox outbox;

    public JdbiCredentialStore(Jdbi jdbi, SecretBox box) {
        this(jdbi, box, NotificationOutbox.NONE);
    }

    /** A rotation also puts an {@code instance.credentials} notification into {@code outbox}, in its transaction. */
    public JdbiCredentialStore(Jdbi jdbi, SecretBox box, NotificationOutbox outbox) {
        this.jdbi = jdbi;
        this.box = box;
        this.outbox = outbox.withSecrets(box);
    }

    private static <T> T db(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the database failed: " + e.getMessage(), e);
        }
    }

    /** The customer-facing secrets generated so far (the first pass generates them), by key. */
    public Map<String, String> read(InstanceName name, String actor) {
        return db(() -> jdbi.inTransaction(h -> {
            long generation = generation(h, name, false);
            Map<String, String> out = CustomerCredentialRows.all(h, name.value(), box);
            event(h, name, "CredentialsRead", "token '" + actor + "' read the credentials "
                    + (out.isEmpty() ? "(none generated yet)" : String.join(", ", out.keySet())), actor, generation);
            return out;
        }));
    }

    /**
     * A new value for {@code key}, and a repair request so the next pass sets it on the app (one
     * config:set, one restart). With an idempotency key already used for this credential, nothing
     * is rotated again and the value in force is returned.
     */
    public Rotation rotate(InstanceName name, String key, Optional<String> idempotencyKey, String actor) {
        return db(() -> jdbi.inTransaction(h -> {
            long generation = generation(h, name, true);
            if (!available(h, name).contains(key)) {
                throw new OperatorException(ErrorCode.NOT_FOUND, "instance " + name + " has no " + key
                        + " (one of " + available(h, name) + ")");
            }
            if (idempotencyKey.isPresent()) {
                Optional<Instant> done = h.createQuery("""
                        INSERT INTO credential_rotations (instance_name, name, idempotency_key, actor)
                        VALUES (:i, :n, :k, :a) ON CONFLICT DO NOTHING RETURNING rotated_at
                        """).bind("i", name.value()).bind("n", key).bind("k", idempotencyKey.get()).bind("a", actor)
                        .mapTo(Instant.class).findOne();
                if (done.isEmpty()) {
                    Instant at = h.createQuery("""
                            SELECT rotated_at FROM credential_rotations
                             WHERE instance_name = :i AND name = :n AND idempotency_key = :k
                            """).bind("i", name.value()).bind("n", key).bind("k", idempotencyKey.get())
                            .mapTo(Instant.class).one();
                    event(h, name, "CredentialRotationRepeated", "token '" + actor + "' repeated the rotation of "
                            + key + " (same Idempotency-Key): nothing rotated again", actor, generation);
                    return new Rotation(key, stored(h, name, key).orElseThrow(), at, true);
                }
            }
            String value = box.generate();
            SecretBox.Sealed sealed = box.seal(value, name.value() + "/" + key);
            h.createUpdate("""
                    INSERT INTO instance_secrets (instance_name, name, nonce, ciphertext) VALUES (:i, :n, :nonce, :c)
                    ON CONFLICT (instance_name, name) DO UPDATE SET nonce = :nonce, ciphertext = :c
                    """).bind("i", name.value()).bind("n", key).bind("nonce", sealed.nonce())
                    .bind("c", sealed.ciphertext()).execute();
            Instant at = h.createQuery("""
                    UPDATE instances SET reconcile_requested_at = clock_timestamp() WHERE name = :i
                    RETURNING reconcile_requested_at
                    """).bind("i", name.value()).mapTo(Instant.class).one();
            event(h, name, "CredentialRotated", "token '" + actor + "' rotated " + key
                    + "; the next pass sets it on the app with one restart", actor, generation);
            outbox.enqueue(h, name.value(), List.of(NewNotification.credentials("rotated", List.of(key))));
            return new Rotation(key, value, at, false);
        }));
    }

    private static long generation(Handle h, InstanceName name, boolean forWrite) {
        Optional<Map<String, Object>> row = h.createQuery("""
                SELECT generation, deletion_requested_at IS NOT NULL AS tombstoned FROM instances WHERE name = :i
                """ + (forWrite ? " FOR UPDATE" : "")).bind("i", name.value()).mapToMap().findOne();
        if (row.isEmpty()) {
            throw new OperatorException(ErrorCode.NOT_FOUND, "instance " + name + " does not exist");
        }
        if (forWrite && Boolean.TRUE.equals(row.get().get("tombstoned"))) {
            throw new OperatorException(ErrorCode.CONFLICT, "instance " + name
                    + " is being deleted: its credentials are not rotated");
        }
        return ((Number) row.get().get("generation")).longValue();
    }

    private static Set<String> available(Handle h, InstanceName name) {
        return CustomerCredentialRows.available(h, name.value());
    }

    private Optional<String> stored(Handle h, InstanceName name, String key) {
        return CustomerCredentialRows.stored(h, name.value(), key, box);
    }

    private static void event(Handle h, InstanceName name, String reason, String message, String actor,
                              long generation) {
        h.attach(EventDao.class).append(name.value(), "Normal", reason, message, actor, generation);
    }
}
