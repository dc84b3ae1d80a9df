package chat.mindroom.operator.dokku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostsFileTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keys() throws Exception {
        Files.writeString(dir.resolve("id_ed25519"), "key");
        Files.writeString(dir.resolve("known_hosts"), "hosts");
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("hosts.yaml"), yaml);
    }

    @Test
    void readsHostsWithDefaultsAndPathsRelativeToTheFile() throws Exception {
        List<DokkuHost> hosts = HostsFile.load(write("""
                hosts:
                  - name: dokku-1
                    address: 10.0.0.5
                    privateKey: id_ed25519
                    knownHosts: known_hosts
                    capacity: 200
                  - name: dokku-2
                    address: dokku2.internal
                    port: 2222
                    user: deploy
                    privateKey: id_ed25519
                    knownHosts: known_hosts
                    capacity: 50
                    maxChannels: 4
                  - name: self
                    transport: local
                    capacity: 10
                """));
        assertThat(hosts).hasSize(3);
        DokkuHost first = hosts.get(0);
        assertThat(first.port()).isEqualTo(22);
        assertThat(first.user()).isEqualTo("dokku");
        assertThat(first.transport()).isEqualTo(DokkuHost.Transport.SSH);
        assertThat(first.maxChannels()).isEqualTo(6);
        assertThat(first.privateKey()).contains(dir.resolve("id_ed25519"));
        assertThat(hosts.get(1).port()).isEqualTo(2222);
        assertThat(hosts.get(1).maxChannels()).isEqualTo(4);
        assertThat(hosts.get(2).transport()).isEqualTo(DokkuHost.Transport.LOCAL);
        assertThat(hosts.get(2).privateKey()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "capacity: 200|capacity: 0|(dokku-1): capacity: required",
        "port: 22|port: 70000|(dokku-1): port: must be 1-65535",
        "privateKey: id_ed25519|privateKey: missing_key|(dokku-1): privateKey: ",
        "knownHosts: known_hosts|knownHosts: nope|(dokku-1): knownHosts: ",
        "transport: ssh|transport: telnet|(dokku-1): transport: must be ssh or local",
        "user: dokku|user: 'root; rm'|(dokku-1): user: not a valid user name",
        "capacity: 200|capacity: 200\\n    colour: red|(dokku-1): colour: unknown key",
        "name: dokku-1|name: Dokku_1|hosts[0]: name: required",
        "address: 10.0.0.5|address: '-oProxyCommand=x'|(dokku-1): address: required",
    })
    void badEntriesNameTheHostAndTheKey(String from, String to, String message) throws Exception {
        String good = """
                hosts:
                  - name: dokku-1
                    address: 10.0.0.5
                    port: 22
                    user: dokku
                    transport: ssh
                    privateKey: id_ed25519
                    knownHosts: known_hosts
                    capacity: 200
                """;
        Path file = write(good.replace(from, to.replace("\\n", "\n")));
        assertThatThrownBy(() -> HostsFile.load(file)).isInstanceOf(HostsFile.InvalidHostsFile.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(message);
    }

    @Test
    void aPassphraseFileIsReadRelativeToTheFileAndOnlyWithAKey() throws Exception {
        Files.writeString(dir.resolve("passphrase"), "secret\n");
        List<DokkuHost> hosts = HostsFile.load(write("""
                hosts:
                  - name: dokku-1
                    address: 10.0.0.5
                    privateKey: id_ed25519
                    privateKeyPassphraseFile: passphrase
                    knownHosts: known_hosts
                    capacity: 200
                """));
        assertThat(hosts.get(0).privateKeyPassphraseFile()).contains(dir.resolve("passphrase"));
        assertThat(HostsFile.load(write("""
                hosts:
                  - {name: dokku-1, address: 10.0.0.5, privateKey: id_ed25519, knownHosts: known_hosts, capacity: 1}
                """)).get(0).privateKeyPassphraseFile()).isEmpty();
        Path missing = write("""
                hosts:
                  - {name: dokku-1, address: 10.0.0.5, privateKey: id_ed25519, knownHosts: known_hosts, capacity: 1,
                     privateKeyPassphraseFile: nope}
                """);
        assertThatThrownBy(() -> HostsFile.load(missing))
                .hasMessageContaining("(dokku-1): privateKeyPassphraseFile: " + dir.resolve("nope") + " does not exist");
        Path withoutKey = write("""
                hosts:
                  - {name: self, transport: local, capacity: 1, privateKeyPassphraseFile: passphrase}
                """);
        assertThatThrownBy(() -> HostsFile.load(withoutKey))
                .hasMessageContaining("(self): privateKeyPassphraseFile: only goes with a privateKey");
    }

    @Test
    void duplicateNamesAndEmptyFilesAreRefused() throws Exception {
        assertThatThrownBy(() -> HostsFile.load(write("hosts: []\n"))).hasMessageContaining("lists no host");
        assertThatThrownBy(() -> HostsFile.load(write("servers: []\n"))).hasMessageContaining("top-level 'hosts:'");
        assertThatThrownBy(() -> HostsFile.load(write("""
                hosts:
                  - {name: a, transport: local, capacity: 1}
                  - {name: a, transport: local, capacity: 1}
                """))).hasMessageContaining("hosts[1] (a): name: listed twice");
    }
}
