package chat.mindroom.operator.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console: one static page and its script and style, from the jar. The page holds no data
 * and needs no token; the script reads everything from the public API with the bearer token the
 * person types in (or passes as {@code /console#token=...}), kept in the tab's session storage.
 * Routes: {@code GET /console} (the page) and {@code GET /console/{file}} for its style sheet and modules.
 */
@Controller("/console")
final class ConsoleController {

    /** Only our own files; no inline script or style, no other origin, no framing, no forms posting away. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The page's modules: console.js imports the others. */
    private static final List<String> SCRIPTS = List.of("console.js", "api.js", "live.js", "dom.js", "fleet.js",
            "instance.js");

    private record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    ConsoleController() {
        assets.put("index.html", load("index.html", "text/html; charset=utf-8"));
        assets.put("console.css", load("console.css", "text/css; charset=utf-8"));
        for (String script : SCRIPTS) {
            assets.put(script, load(script, "text/javascript; charset=utf-8"));
        }
    }

    @Get
    MutableHttpResponse<byte[]> page() {
        return serve(assets.get("index.html"));
    }

    @Get("/{file}")
    MutableHttpResponse<byte[]> file(String file) {
        Asset asset = assets.get(file);
        if (asset == null || file.equals("index.html")) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                    "the console has no file " + file));
        }
        return serve(asset);
    }

    private static MutableHttpResponse<byte[]> serve(Asset asset) {
        return HttpResponse.ok(asset.bytes())
                .contentType(asset.contentType())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache");
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = ConsoleController.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the jar");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
