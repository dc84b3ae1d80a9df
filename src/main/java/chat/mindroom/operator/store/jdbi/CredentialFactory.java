package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.config.OperatorSettings;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.SecretBox;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

/** The credentials store, with the same secret key as the reconcile store (which checked it at startup). */
@Factory
final class CredentialFactory {

    @Singleton
    JdbiCredentialStore credentialStore(Jdbi jdbi, OperatorSettings settings, ReconcileStore checkedKey,
                                        NotificationOutbox outbox) {
        return new JdbiCredentialStore(jdbi, SecretBox.fromSettings(settings.secretKey(), settings.dataPath()), outbox);
    }
}
