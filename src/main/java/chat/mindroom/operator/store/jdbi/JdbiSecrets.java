package chat.mindroom.operator.store.jdbi;

import static chat.mindroom.operator.store.jdbi.DatabaseCalls.db;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.SecretBox;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/** The generated instance secrets of {@link JdbiReconcileStore}: sealed with the operator's key. */
final class JdbiSecrets {

    private final Jdbi jdbi;
    private final SecretBox box;

    JdbiSecrets(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    Map<String, String> secrets(InstanceName name, Set<String> names) {
        return db(() -> jdbi.inTransaction(h -> {
            Map<String, String> out = new TreeMap<>();
            for (String secret : new TreeSet<>(names)) {
                String aad = name.value() + "/" + secret;
                Optional<SecretBox.Sealed> stored = h.createQuery("""
                                SELECT nonce, ciphertext FROM instance_secrets WHERE instance_name = :i AND name = :n
                                """).bind("i", name.value()).bind("n", secret)
                        .map((rs, ctx) -> new SecretBox.Sealed(rs.getBytes("nonce"), rs.getBytes("ciphertext")))
                        .findOne();
                if (stored.isEmpty()) {
                    SecretBox.Sealed sealed = box.seal(box.generate(), aad);
                    h.createUpdate("""
                            INSERT INTO instance_secrets (instance_name, name, nonce, ciphertext)
                            VALUES (:i, :n, :nonce, :c) ON CONFLICT DO NOTHING
                            """).bind("i", name.value()).bind("n", secret).bind("nonce", sealed.nonce())
                            .bind("c", sealed.ciphertext()).execute();
                    stored = h.createQuery("""
                                    SELECT nonce, ciphertext FROM instance_secrets WHERE instance_name = :i AND name = :n
                                    """).bind("i", name.value()).bind("n", secret)
                            .map((rs, ctx) -> new SecretBox.Sealed(rs.getBytes("nonce"), rs.getBytes("ciphertext")))
                            .findOne();
                }
                out.put(secret, box.open(stored.orElseThrow(), aad));
            }
            return out;
        }));
    }

    boolean secretKeyMatches() {
        String check = "mindroom-operator secret key check";
        return db(() -> jdbi.inTransaction(h -> {
            SecretBox.Sealed sealed = box.seal(check, "secret-key-check");
            h.createUpdate("""
                    INSERT INTO secret_key_check (id, nonce, ciphertext) VALUES (1, :nonce, :c) ON CONFLICT DO NOTHING
                    """).bind("nonce", sealed.nonce()).bind("c", sealed.ciphertext()).execute();
            SecretBox.Sealed stored = h.createQuery("SELECT nonce, ciphertext FROM secret_key_check WHERE id = 1")
                    .map((rs, ctx) -> new SecretBox.Sealed(rs.getBytes("nonce"), rs.getBytes("ciphertext"))).one();
            try {
                return check.equals(box.open(stored, "secret-key-check"));
            } catch (IllegalStateException e) {
                return false;
            }
        }));
    }

    void adoptSecrets(InstanceName name, Map<String, String> values, boolean replace) {
        if (values.isEmpty()) {
            return;
        }
        db(() -> jdbi.inTransaction(h -> {
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                SecretBox.Sealed sealed = box.seal(e.getValue(), name.value() + "/" + e.getKey());
                h.createUpdate("""
                        INSERT INTO instance_secrets (instance_name, name, nonce, ciphertext)
                        VALUES (:i, :n, :nonce, :c) ON CONFLICT (instance_name, name) DO """
                        + (replace ? " UPDATE SET nonce = :nonce, ciphertext = :c" : " NOTHING"))
                        .bind("i", name.value()).bind("n", e.getKey()).bind("nonce", sealed.nonce())
                        .bind("c", sealed.ciphertext()).execute();
            }
            return null;
        }));
    }

    Map<String, String> existingSecrets(InstanceName name, Set<String> names) {
        return db(() -> jdbi.withHandle(h -> {
            Map<String, String> out = new TreeMap<>();
            for (String secret : new TreeSet<>(names)) {
                h.createQuery("SELECT nonce, ciphertext FROM instance_secrets WHERE instance_name = :i AND name = :n")
                        .bind("i", name.value()).bind("n", secret)
                        .map((rs, ctx) -> new SecretBox.Sealed(rs.getBytes("nonce"), rs.getBytes("ciphertext")))
                        .findOne().ifPresent(sealed -> out.put(secret, box.open(sealed, name.value() + "/" + secret)));
            }
            return out;
        }));
    }
}
