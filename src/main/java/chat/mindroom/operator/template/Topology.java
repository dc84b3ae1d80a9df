package chat.mindroom.operator.template;

import chat.mindroom.operator.spec.MatrixServer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code templates/instance.yaml}: the Dokku objects one instance consists of. */
public record Topology(
        List<String> storage,
        List<ServiceTemplate> services,
        Map<String, AppTemplate> apps,
        Map<MatrixServer, String> matrixImages) {

    public Topology {
        storage = List.copyOf(storage);
        services = List.copyOf(services);
        apps = Collections.unmodifiableMap(new LinkedHashMap<>(apps));
        matrixImages = Map.copyOf(matrixImages);
    }
}
