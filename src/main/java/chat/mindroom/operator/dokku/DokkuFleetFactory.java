package chat.mindroom.operator.dokku;

import chat.mindroom.operator.config.OperatorSettings;
import chat.mindroom.operator.dokku.local.LocalTransport;
import chat.mindroom.operator.dokku.ssh.SshTransport;
import chat.mindroom.operator.sandbox.LatencyProfile;
import chat.mindroom.operator.sandbox.SandboxServer;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet at startup: the hosts of {@code OPERATOR_HOSTS_FILE}, or, without one, the Dokku
 * sandbox on 127.0.0.1, announced loudly with a command to reach it by hand.
 */
@Factory
final class DokkuFleetFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DokkuFleetFactory.class);
    static final int SANDBOX_CAPACITY = 1000;

    @Context
    @Bean(preDestroy = "close")
    DokkuFleet fleet(OperatorSettings settings, chat.mindroom.operator.metrics.OperatorMetrics metrics) {
        if (settings.hostsFile() != null && !settings.hostsFile().isBlank()) {
            Path file = Path.of(settings.hostsFile()).toAbsolutePath();
            List<DokkuHost> hosts = HostsFile.load(file);
            Map<String, DokkuClient> clients = new LinkedHashMap<>();
            for (DokkuHost host : hosts) {
                DokkuTransport transport = host.transport() == DokkuHost.Transport.SSH
                        ? new SshTransport(host) : new LocalTransport(host, "dokku");
                clients.put(host.name(), new RemoteDokkuClient(host.name(), transport, metrics));
                LOG.info("Dokku host {}: {}@{}:{} over {}, capacity {}, {} channels", host.name(), host.user(),
                        host.address(), host.port(), host.transport().name().toLowerCase(java.util.Locale.ROOT),
                        host.capacity(), host.maxChannels());
            }
            return new DokkuFleet(hosts, clients, Optional.empty());
        }
        SandboxServer sandbox = SandboxServer.start(settings.dataPath().resolve("sandbox"), settings.sandboxPort(),
                new LatencyProfile(settings.sandboxLatencyScale()), true);
        DokkuHost host = sandbox.host("sandbox", SANDBOX_CAPACITY);
        LOG.warn("No OPERATOR_HOSTS_FILE: using the Dokku SANDBOX, a simulated Dokku 0.38.27 on 127.0.0.1:{}"
                + " (latency x{}). Nothing real is deployed.", sandbox.port(), settings.sandboxLatencyScale());
        LOG.warn("Talk to the sandbox like a Dokku host: {} apps:list", sandbox.sshCommand());
        return new DokkuFleet(List.of(host), Map.of(host.name(),
                new RemoteDokkuClient(host.name(), new SshTransport(host), metrics)), Optional.of(sandbox));
    }
}
