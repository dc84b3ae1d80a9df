package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.store.CustomerSecrets;
import chat.mindroom.operator.store.SecretBox;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * An instance's customer-facing credentials as stored, opened on the caller's handle: what the
 * credentials API hands over and what an {@code instance.credentials} notification carries (encrypted).
 */
final class CustomerCredentialRows {

    private CustomerCredentialRows() {
    }

    /** The keys the instance's spec gives it: the Matrix secret only with Matrix on. */
    static Set<String> available(Handle h, String instance) {
        boolean matrix = h.createQuery("""
                SELECT coalesce(spec -> 'matrix' ->> 'enabled', 'false') = 'true' FROM instances WHERE name = :i
                """).bind("i", instance).mapTo(Boolean.class).one();
        Set<String> keys = new TreeSet<>(CustomerSecrets.keys());
        if (!matrix) {
            keys.remove(CustomerSecrets.MATRIX_REGISTRATION_SECRET);
        }
        return keys;
    }

    static Optional<String> stored(Handle h, String instance, String key, SecretBox box) {
        return h.createQuery("SELECT nonce, ciphertext FROM instance_secrets WHERE instance_name = :i AND name = :n")
                .bind("i", instance).bind("n", key)
                .map((rs, ctx) -> new SecretBox.Sealed(rs.getBytes("nonce"), rs.getBytes("ciphertext"))).findOne()
                .map(sealed -> box.open(sealed, instance + "/" + key));
    }

    /** Every available key generated so far, with its value. */
    static Map<String, String> all(Handle h, String instance, SecretBox box) {
        Map<String, String> out = new TreeMap<>();
        for (String key : available(h, instance)) {
            stored(h, instance, key, box).ifPresent(value -> out.put(key, value));
        }
        return out;
    }
}
