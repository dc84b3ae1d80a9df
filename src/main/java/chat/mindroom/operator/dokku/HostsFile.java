package chat.mindroom.operator.dokku;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code OPERATOR_HOSTS_FILE}: a YAML document with a top-level {@code hosts:} list of
 * {@code name, address, port (22), user (dokku), privateKey, privateKeyPassphraseFile (only for a
 * key with a passphrase), knownHosts, capacity, transport (ssh|local), maxChannels (6)}. Paths are
 * relative to the file. Every problem names the host and the key. The private key itself is read
 * and tried when the host's SSH transport is built.
 */
public final class HostsFile {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.:-]{0,252})$");
    private static final Pattern USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
    private static final Set<String> KEYS = Set.of("name", "address", "port", "user", "privateKey",
            "privateKeyPassphraseFile", "knownHosts", "capacity", "transport", "maxChannels");

    private HostsFile() {
    }

    /** A hosts file that cannot be used; the message names the file, the host and the key. */
    public static final class InvalidHostsFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidHostsFile(String message) {
            super(message);
        }
    }

    public static List<DokkuHost> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidHostsFile(file + ": cannot be read: " + e.getMessage());
        }
        Object tree;
        try {
            tree = YamlDocument.parse(text);
        } catch (DocumentException e) {
            throw new InvalidHostsFile(file + ": " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> root) || !(root.get("hosts") instanceof List<?> entries)) {
            throw new InvalidHostsFile(file + ": expected a top-level 'hosts:' list");
        }
        if (entries.isEmpty()) {
            throw new InvalidHostsFile(file + ": 'hosts' lists no host");
        }
        Path base = file.toAbsolutePath().getParent();
        List<DokkuHost> hosts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            DokkuHost host = entry(file, base, i, entries.get(i));
            if (!names.add(host.name())) {
                throw new InvalidHostsFile(file + ": hosts[" + i + "] (" + host.name() + "): name: listed twice");
            }
            hosts.add(host);
        }
        return List.copyOf(hosts);
    }

    private static DokkuHost entry(Path file, Path base, int index, Object raw) {
        String where = file + ": hosts[" + index + "]";
        if (!(raw instanceof Map<?, ?> map)) {
            throw new InvalidHostsFile(where + ": expected a map of host settings");
        }
        String name = map.get("name") instanceof String n ? n : null;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidHostsFile(where + ": name: required, lower-case letters, digits and hyphens");
        }
        String at = where + " (" + name + "): ";
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new InvalidHostsFile(at + key + ": unknown key");
            }
        }
        String transportText = string(map, "transport", at).orElse("ssh").toLowerCase(Locale.ROOT);
        DokkuHost.Transport transport;
        if (transportText.equals("ssh")) {
            transport = DokkuHost.Transport.SSH;
        } else if (transportText.equals("local")) {
            transport = DokkuHost.Transport.LOCAL;
        } else {
            throw new InvalidHostsFile(at + "transport: must be ssh or local");
        }
        String address = string(map, "address", at).orElse(transport == DokkuHost.Transport.LOCAL ? "localhost" : null);
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new InvalidHostsFile(at + "address: required, a host name or IP address");
        }
        int port = integer(map, "port", at, 22);
        if (port < 1 || port > 65535) {
            throw new InvalidHostsFile(at + "port: must be 1-65535");
        }
        String user = string(map, "user", at).orElse("dokku");
        if (!USER.matcher(user).matches()) {
            throw new InvalidHostsFile(at + "user: not a valid user name");
        }
        int capacity = integer(map, "capacity", at, -1);
        if (capacity < 1) {
            throw new InvalidHostsFile(at + "capacity: required, the most instances this host takes (at least 1)");
        }
        int maxChannels = integer(map, "maxChannels", at, DokkuHost.DEFAULT_MAX_CHANNELS);
        if (maxChannels < 1 || maxChannels > 64) {
            throw new InvalidHostsFile(at + "maxChannels: must be 1-64 (keep it below sshd's MaxSessions, 10 by default)");
        }
        Optional<Path> key = path(map, "privateKey", at, base, transport == DokkuHost.Transport.SSH);
        Optional<Path> passphraseFile = path(map, "privateKeyPassphraseFile", at, base, false);
        if (passphraseFile.isPresent() && key.isEmpty()) {
            throw new InvalidHostsFile(at + "privateKeyPassphraseFile: only goes with a privateKey");
        }
        Optional<Path> knownHosts = path(map, "knownHosts", at, base, transport == DokkuHost.Transport.SSH);
        return new DokkuHost(name, address, port, user, key, knownHosts, capacity, transport, maxChannels,
                passphraseFile);
    }

    private static Optional<String> string(Map<?, ?> map, String key, String at) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new InvalidHostsFile(at + key + ": expected text");
        }
        return Optional.of(s);
    }

    private static int integer(Map<?, ?> map, String key, String at, int fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer i)) {
            throw new InvalidHostsFile(at + key + ": expected a whole number");
        }
        return i;
    }

    private static Optional<Path> path(Map<?, ?> map, String key, String at, Path base, boolean required) {
        Optional<String> text = string(map, key, at);
        if (text.isEmpty()) {
            if (required) {
                throw new InvalidHostsFile(at + key + ": required for the ssh transport");
            }
            return Optional.empty();
        }
        Path path = base.resolve(text.get()).normalize();
        if (!Files.isReadable(path)) {
            throw new InvalidHostsFile(at + key + ": " + path + " does not exist or cannot be read");
        }
        return Optional.of(path);
    }
}
