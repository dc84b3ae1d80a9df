package chat.mindroom.operator.backup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Backup parts as objects in an S3-compatible bucket ({@code OPERATOR_BACKUP_S3_*}), over the JDK
 * HTTP client with our own SigV4 signing: three verbs (PUT, GET, DELETE) of one path-style URL
 * need no SDK. An upload streams the staged file and sends its sha256 as the payload hash, so
 * the server itself refuses a body that arrived altered.
 */
public final class S3BackupStorage implements BackupStorage {

    private final URI endpoint;
    private final String bucket;
    private final SigV4 signer;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public S3BackupStorage(URI endpoint, String bucket, SigV4 signer, Clock clock) {
        String base = endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.bucket = bucket;
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public String put(String key, Path staged, long size, String sha256) throws IOException {
        URI uri = object(key);
        HttpRequest.Builder request = signed("PUT", uri, sha256).PUT(HttpRequest.BodyPublishers.ofFile(staged));
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + describe() + "/" + key + ": HTTP " + response.statusCode() + " "
                    + excerpt(response.body()));
        }
        Files.deleteIfExists(staged);
        return key;
    }

    @Override
    public InputStream open(String location) throws IOException {
        HttpRequest request = signed("GET", object(location), SigV4.EMPTY_SHA256).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(512), StandardCharsets.UTF_8);
            }
            throw new IOException("GET " + describe() + "/" + location + ": HTTP " + response.statusCode() + " "
                    + excerpt(body));
        }
        return response.body();
    }

    @Override
    public void delete(String location) throws IOException {
        HttpRequest request = signed("DELETE", object(location), SigV4.EMPTY_SHA256).DELETE().build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IOException("DELETE " + describe() + "/" + location + ": HTTP " + response.statusCode() + " "
                    + excerpt(response.body()));
        }
    }

    /** Creates the bucket; true if it was created, false if it existed. */
    public boolean createBucket() throws IOException {
        URI uri = URI.create(endpoint + "/" + bucket);
        HttpResponse<String> response = send(signed("PUT", uri, SigV4.EMPTY_SHA256)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 409) {
            return false;
        }
        throw new IOException("PUT bucket " + describe() + ": HTTP " + response.statusCode() + " "
                + excerpt(response.body()));
    }

    @Override
    public String describe() {
        return "s3://" + bucket + " at " + endpoint;
    }

    private URI object(String key) {
        if (!key.matches("^[A-Za-z0-9][A-Za-z0-9._/-]*$") || key.contains("..")) {
            throw new IllegalArgumentException("not a backup object key: " + key);
        }
        return URI.create(endpoint + "/" + bucket + "/" + key);
    }

    private HttpRequest.Builder signed(String method, URI uri, String payloadSha256) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30));
        signer.sign(method, uri, payloadSha256, clock.instant()).forEach(builder::header);
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + request.method() + " " + describe(), e);
        }
    }

    private static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
