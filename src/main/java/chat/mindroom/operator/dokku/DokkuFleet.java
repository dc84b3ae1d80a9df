package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.sandbox.SandboxServer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured Dokku hosts and a client for each; the sandbox when it stands in for them. */
public final class DokkuFleet implements AutoCloseable {

    private final List<DokkuHost> hosts;
    private final Map<String, DokkuClient> clients;
    private final Optional<SandboxServer> sandbox;

    public DokkuFleet(List<DokkuHost> hosts, Map<String, DokkuClient> clients, Optional<SandboxServer> sandbox) {
        this.hosts = List.copyOf(hosts);
        this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
        this.sandbox = requireNonNull(sandbox, "sandbox is null");
    }

    public List<DokkuHost> hosts() {
        return hosts;
    }

    public DokkuClient client(String host) {
        DokkuClient client = clients.get(host);
        if (client == null) {
            throw new IllegalArgumentException("no Dokku host named " + host);
        }
        return client;
    }

    public Optional<SandboxServer> sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        clients.values().forEach(DokkuClient::close);
        sandbox.ifPresent(SandboxServer::close);
    }
}
