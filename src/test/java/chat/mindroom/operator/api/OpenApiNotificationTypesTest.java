package chat.mindroom.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.store.NewNotification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists exactly the notification types the operator sends. */
class OpenApiNotificationTypesTest {

    @Test
    void theNotificationTypeEnumIsWhatTheCodeSends() {
        List<String> documented = new ArrayList<>();
        OpenApiSchemas.packaged().resolve("#/components/schemas/Notification/properties/type/enum")
                .forEach(t -> documented.add(t.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(NewNotification.TYPES)
                .contains(NewNotification.CREDENTIALS);
    }
}
