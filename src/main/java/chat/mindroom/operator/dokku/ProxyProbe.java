package chat.mindroom.operator.dokku;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a host's HTTP proxy (Dokku's nginx) for each app by its domain, the way a visitor reaches
 * it: an app whose containers are gone (stopped, or died on their own, which leaves no trace in
 * Dokku's events log) makes the proxy answer 502-504 or not at all. One plain HTTP/1.1 request per
 * app over a socket of its own (the Host header cannot be set through the JDK's HTTP client),
 * bounded time, no body read. Only a hint: the pass that follows reads the app's process state.
 */
public final class ProxyProbe {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final int TIMEOUT_MS = 2000;

    private final ExecutorService pool;

    public ProxyProbe(ExecutorService pool) {
        this.pool = pool;
    }

    /**
     * The HTTP status the proxy gave for each domain; a domain whose request failed (connection,
     * timeout, no status line) maps to empty. Empty map when the proxy itself cannot be reached at
     * all, as then nothing can be said about any app.
     */
    public Map<String, Optional<Integer>> statuses(URI proxy, Collection<String> domains) {
        if (!reachable(proxy)) {
            return Map.of();
        }
        Map<String, CompletableFuture<Optional<Integer>>> asked = new TreeMap<>();
        for (String domain : domains) {
            asked.put(domain, CompletableFuture.supplyAsync(() -> status(proxy, domain), pool));
        }
        Map<String, Optional<Integer>> out = new TreeMap<>();
        asked.forEach((domain, f) -> out.put(domain, f.join()));
        return out;
    }

    /** Whether an answer means the app's containers do not serve: 502, 503, 504 or no answer. */
    public static boolean down(Optional<Integer> status) {
        return status.isEmpty() || status.get() == 502 || status.get() == 503 || status.get() == 504;
    }

    private static boolean reachable(URI proxy) {
        try (Socket socket = new Socket()) {
            socket.connect(address(proxy), TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetSocketAddress address(URI proxy) {
        return new InetSocketAddress(proxy.getHost(), proxy.getPort() < 0 ? 80 : proxy.getPort());
    }

    private static Optional<Integer> status(URI proxy, String domain) {
        try (Socket socket = new Socket()) {
            socket.connect(address(proxy), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + domain + "\r\nUser-Agent: mindroom-operator-probe\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] line = new byte[64];
            int n = 0;
            int b;
            while (n < line.length && (b = in.read()) >= 0 && b != '\n') {
                line[n++] = (byte) b;
            }
            Matcher m = STATUS.matcher(new String(line, 0, n, StandardCharsets.US_ASCII));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
