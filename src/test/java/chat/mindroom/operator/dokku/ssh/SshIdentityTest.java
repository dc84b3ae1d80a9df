package chat.mindroom.operator.dokku.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.dokku.DokkuHost;
import chat.mindroom.operator.testing.TestKeys;
import com.jcraft.jsch.JSch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key that cannot log in stops the transport from being built, naming the host, the file and the fix. */
class SshIdentityTest {

    @TempDir
    Path dir;

    private SshTransport transport(Path key, Optional<Path> passphraseFile) throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        return new SshTransport(new DokkuHost("dokku-1", "127.0.0.1", 22, "dokku", Optional.of(key),
                Optional.of(knownHosts), 1, DokkuHost.Transport.SSH, 2, passphraseFile));
    }

    @Test
    void aLockedKeyWithoutPassphraseFileIsRefusedNamingHostKeyAndSetting() {
        Path key = TestKeys.committed("ed25519-openssh-passphrase");
        assertThatThrownBy(() -> transport(key, Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("host dokku-1: privateKey " + key + " is protected by a passphrase")
                .hasMessageContaining("privateKeyPassphraseFile");
    }

    @Test
    void aWrongPassphraseIsRefusedWithoutShowingIt() throws Exception {
        Path key = TestKeys.committed("rsa-2048-pem-passphrase");
        Path wrong = Files.writeString(dir.resolve("wrong"), "open sesame\n");
        assertThatThrownBy(() -> transport(key, Optional.of(wrong)))
                .hasMessage("host dokku-1: privateKeyPassphraseFile " + wrong + " does not unlock " + key
                        + " (wrong passphrase)");
    }

    @Test
    void thePassphraseFileUnlocksTheKeyWhateverItsLineEnding() throws Exception {
        Path key = TestKeys.committed("ecdsa-p256-pkcs8-passphrase");
        Path crlf = Files.writeString(dir.resolve("crlf"), TestKeys.PASSPHRASE + "\r\n");
        Path bare = Files.writeString(dir.resolve("bare"), TestKeys.PASSPHRASE);
        transport(key, Optional.of(crlf)).close();
        transport(key, Optional.of(bare)).close();
        transport(key, Optional.of(TestKeys.passphraseFile())).close();
    }

    @Test
    void aPublicKeyInsteadOfThePrivateOneIsNamedAsSuch() {
        Path pub = TestKeys.committed("ed25519-openssh.pub");
        assertThatThrownBy(() -> transport(pub, Optional.empty()))
                .hasMessageStartingWith("host dokku-1: privateKey " + pub + " is a public key");
    }

    @Test
    void anOpensslEd25519KeyIsRefusedWithWhatToUseInstead() {
        Path key = TestKeys.committed("ed25519-pkcs8-openssl");
        assertThatThrownBy(() -> transport(key, Optional.empty()))
                .hasMessageStartingWith("host dokku-1: privateKey " + key + " is an Ed25519 key in PKCS#8 PEM")
                .hasMessageContaining("ssh-keygen -t ed25519");
    }

    @Test
    void somethingThatIsNoKeyIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("id_junk"), "-----BEGIN NONSENSE-----\nAAAA\n");
        Path missing = dir.resolve("id_missing");
        assertThatThrownBy(() -> transport(junk, Optional.empty()))
                .hasMessageStartingWith("host dokku-1: privateKey " + junk + " is not a private key this operator reads");
        assertThatThrownBy(() -> transport(missing, Optional.empty()))
                .hasMessageStartingWith("host dokku-1: privateKey " + missing + " cannot be read");
    }

    @Test
    void aUsableKeyReportsTypeAndTheFingerprintDokkuShows() {
        Path key = TestKeys.committed("ed25519-openssh");
        SshIdentity identity = SshIdentity.add(new JSch(), key, Optional.empty());
        assertThat(identity.type() + " " + identity.fingerprint()).isEqualTo(TestKeys.identity(key));
    }
}
