package chat.mindroom.operator.store;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The generated secrets meant for the customer, which a token with the secrets scope may read and
 * rotate: the MindRoom admin password and, with Matrix on, the homeserver's registration shared
 * secret (it lets the customer create accounts on their own homeserver). Nothing else leaves the store.
 */
public final class CustomerSecrets {

    public static final String ADMIN_PASSWORD = "adminPassword";
    public static final String MATRIX_REGISTRATION_SECRET = "matrixRegistrationSecret";

    /** Each key and what it is, as the credentials endpoint describes it. */
    public static final Map<String, String> KEYS = new TreeMap<>(Map.of(
            ADMIN_PASSWORD, "the MindRoom admin password (MINDROOM_ADMIN_PASSWORD of the backend app)",
            MATRIX_REGISTRATION_SECRET, "the Matrix homeserver's registration shared secret"
                    + " (MATRIX_REGISTRATION_SHARED_SECRET of the matrix app; only with Matrix on)"));

    private CustomerSecrets() {
    }

    public static Set<String> keys() {
        return KEYS.keySet();
    }
}
