package chat.mindroom.operator.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1 (the JDK's server): records every request and answers
 * each path with the status the test sets; can be stopped (connection refused) and started again on
 * the same port. Signatures are checked with its own HMAC code, independent of the operator's.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, String id, String timestamp, String signature, String body, int answered) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private HttpServer server;

    public WebhookReceiver() {
        this.port = start(0);
    }

    private int start(int on) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            int status = answers.getOrDefault(path, 200);
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void answer(String path, int status) {
        answers.put(path, status);
    }

    /** Stops listening: the operator's connections are refused. */
    public void down() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void up() {
        start(port);
    }

    public List<Received> received(String path) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether one of the {@code v1,} signatures is HMAC-SHA256 of {@code id.timestamp.body} under the whsec_ secret. */
    public static boolean signedBy(Received r, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body())
                    .getBytes(StandardCharsets.UTF_8));
            String wanted = "v1," + Base64.getEncoder().encodeToString(expected);
            for (String offered : r.signature().split(" ")) {
                if (offered.equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
