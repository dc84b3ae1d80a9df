package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One file document compared with the live instance. The server normalizes the file's spec
 * ({@code PUT ?dryRun=true}: validated, defaults filled in, nothing stored), so the comparison sees
 * what a write would store, not how the file happens to be spelled.
 */
record Comparison(String name, Optional<Map<String, Object>> live, Map<String, Object> desired) {

    static Comparison of(ApiClient api, InstanceFiles.Desired file) {
        String path = "/api/v1/instances/" + ApiClient.encode(file.name());
        Map<String, Object> normalized = api.put(path + "?dryRun=true", JsonDocument.writeString(file.spec()));
        Optional<Map<String, Object>> live = api.find(path).map(i -> Trees.map(i.get("spec")));
        return new Comparison(file.name(), live, Trees.map(normalized.get("spec")));
    }

    boolean changed() {
        return live.isEmpty() || !live.get().equals(desired);
    }

    List<String> diff() {
        List<String> before = live.map(s -> List.of(YamlDocument.write(s).split("\n"))).orElse(List.of());
        return LineDiff.lines(before, List.of(YamlDocument.write(desired).split("\n")));
    }
}
