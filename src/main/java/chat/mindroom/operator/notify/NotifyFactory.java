package chat.mindroom.operator.notify;

import chat.mindroom.operator.config.NotifySettings;
import chat.mindroom.operator.store.jdbi.JdbiNotificationHistory;
import chat.mindroom.operator.store.jdbi.JdbiNotificationStore;
import chat.mindroom.operator.store.jdbi.NotificationOutbox;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** Wires the notification endpoints, the outbox the status writes use, and the delivery store. */
@Factory
final class NotifyFactory {

    @Singleton
    EndpointList endpoints(NotifySettings settings) {
        return new EndpointList(EndpointsReader.read(settings));
    }

    @Singleton
    NotificationOutbox outbox(EndpointList endpoints, Clock clock) {
        return new NotificationOutbox(endpoints.routes(), clock);
    }

    @Singleton
    JdbiNotificationStore notificationStore(Jdbi jdbi, EndpointList endpoints) {
        return new JdbiNotificationStore(jdbi, endpoints.routes());
    }

    @Singleton
    JdbiNotificationHistory notificationHistory(Jdbi jdbi, EndpointList endpoints) {
        return new JdbiNotificationHistory(jdbi, endpoints.routes());
    }
}
