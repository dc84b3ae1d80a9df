package chat.mindroom.operator.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The host's nginx as a visitor sees it: a request is routed by its Host header to the app that has
 * that domain. An app whose containers run answers 200; one that is stopped, whose container
 * died, or whose process does not accept connections, answers 502 Bad Gateway (nginx's answer when the upstream is gone); an unknown host name
 * gets 404 from the default server.
 */
final class SandboxProxy implements AutoCloseable {

    private final HttpServer server;
    private final SandboxState state;

    SandboxProxy(SandboxState state, ExecutorService executor) {
        this.state = state;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox's proxy", e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).toLowerCase(Locale.ROOT);
        int colon = host.indexOf(':');
        String domain = colon < 0 ? host : host.substring(0, colon);
        int status = 404;
        synchronized (state.lock) {
            for (SandboxApp app : state.apps.values()) {
                if (app.vhosts.contains(domain)) {
                    status = app.deployed && app.running && app.listening ? 200 : 502;
                    break;
                }
            }
        }
        byte[] body = (status == 200 ? "ok" : status == 502 ? "502 Bad Gateway" : "404 Not Found")
                .getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
