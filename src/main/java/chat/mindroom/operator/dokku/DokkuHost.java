package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One Dokku host of the fleet, as listed in the hosts file.
 *
 * @param capacity                 the most instances the operator places on it
 * @param privateKeyPassphraseFile a file holding the passphrase of {@code privateKey}, if it has one
 */
public record DokkuHost(
        String name,
        String address,
        int port,
        String user,
        Optional<Path> privateKey,
        Optional<Path> knownHosts,
        int capacity,
        Transport transport,
        int maxChannels,
        Optional<Path> privateKeyPassphraseFile) {

    public static final int DEFAULT_MAX_CHANNELS = 6;

    /** How commands reach the host. */
    public enum Transport {
        SSH,
        LOCAL
    }

    public DokkuHost {
        requireNonNull(name, "name is null");
        requireNonNull(address, "address is null");
        requireNonNull(user, "user is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(knownHosts, "knownHosts is null");
        requireNonNull(transport, "transport is null");
        requireNonNull(privateKeyPassphraseFile, "privateKeyPassphraseFile is null");
    }

    /** A host whose key has no passphrase. */
    public DokkuHost(String name, String address, int port, String user, Optional<Path> privateKey,
                     Optional<Path> knownHosts, int capacity, Transport transport, int maxChannels) {
        this(name, address, port, user, privateKey, knownHosts, capacity, transport, maxChannels, Optional.empty());
    }
}
