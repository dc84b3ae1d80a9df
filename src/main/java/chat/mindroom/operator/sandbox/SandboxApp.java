package chat.mindroom.operator.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** One app on the simulated host. Mutable; guarded by the {@link SandboxState} lock. */
final class SandboxApp {

    /** A storage attachment (legacy colon form). */
    record Attachment(String entryName, String hostPath, String containerPath) {
    }

    final String name;
    final long createdAt;
    final TreeMap<String, String> env = new TreeMap<>();
    final TreeMap<String, String> resources = new TreeMap<>();
    final Set<String> vhosts = new LinkedHashSet<>();
    final List<Attachment> attachments = new ArrayList<>();
    String deploySource = "";
    String deploySourceMetadata = "";
    String gitSourceImage = "";
    String gitSha = "";
    String lastUpdatedAt = "";
    boolean deployed;
    boolean running;
    /** Whether the running process accepts connections on its port (a hung one does not: 502). */
    boolean listening = true;
    boolean restore = true;
    String containerId = "";
    boolean letsencrypt;
    /** The app's own ACME e-mail ({@code letsencrypt:set APP email}); empty: the global one applies. */
    String letsencryptEmail = "";
    int restarts;

    SandboxApp(String name, long createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }
}
