package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.dokku.parse.DokkuVersion;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** What a Dokku host runs: its version and enabled plugins (name to version). */
public record HostFacts(DokkuVersion version, SortedMap<String, String> plugins) {

    public HostFacts {
        requireNonNull(version, "version is null");
        plugins = Collections.unmodifiableSortedMap(new TreeMap<>(plugins));
    }

    public boolean hasPlugin(String name) {
        return plugins.containsKey(name);
    }

    /** TLS can be managed only where the letsencrypt plugin is installed. */
    public boolean letsencrypt() {
        return hasPlugin("letsencrypt");
    }
}
