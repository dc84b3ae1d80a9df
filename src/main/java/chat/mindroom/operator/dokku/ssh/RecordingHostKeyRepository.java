package chat.mindroom.operator.dokku.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * The configured known_hosts, read-only, remembering the last key it refused so that the error
 * can name the host and the offered fingerprint. Nothing is ever added: unknown keys are refused.
 */
final class RecordingHostKeyRepository implements HostKeyRepository {

    private final HostKeyRepository delegate;
    private final JSch jsch;
    private volatile String rejection;

    RecordingHostKeyRepository(HostKeyRepository delegate, JSch jsch) {
        this.delegate = delegate;
        this.jsch = jsch;
    }

    /** Why the last check failed, or null. */
    String rejection() {
        return rejection;
    }

    @Override
    public int check(String host, byte[] key) {
        int result = delegate.check(host, key);
        if (result != OK) {
            String fingerprint;
            String type;
            try {
                HostKey offered = new HostKey(host, key);
                fingerprint = offered.getFingerPrint(jsch);
                type = offered.getType();
            } catch (JSchException e) {
                fingerprint = "(unreadable key)";
                type = "unknown";
            }
            rejection = (result == CHANGED ? "CHANGED host key: " : "unknown host key: ") + host + " offered "
                    + type + " " + fingerprint + (result == CHANGED
                    ? ", which differs from the key in " : ", which is not in ") + delegate.getKnownHostsRepositoryID();
        }
        return result;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never learn keys: known_hosts is managed by the platform team.
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return delegate.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return delegate.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return delegate.getHostKey(host, type);
    }
}
