package chat.mindroom.operator.api;

import chat.mindroom.operator.config.OperatorSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.context.annotation.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens the API accepts, from {@code OPERATOR_API_TOKENS} ({@code [name:]scope:token},
 * comma-separated; scope read, write or secrets), or else one write token generated into
 * {@code <data dir>/api-token}. Only SHA-256 digests of tokens are kept in memory; tokens are never
 * logged.
 */
@Context
public final class ApiTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
    static final String TOKEN_FILE = "api-token";
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9._~+/=-]{16,512}$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private final Map<String, ApiPrincipal> byDigest;

    public ApiTokens(OperatorSettings settings) {
        String configured = settings.apiTokens();
        this.byDigest = configured == null || configured.isBlank()
                ? generated(settings.dataPath().resolve(TOKEN_FILE))
                : parse(configured);
    }

    /** The principal behind {@code token}, if it is one of ours. */
    public Optional<ApiPrincipal> authenticate(String token) {
        return Optional.ofNullable(byDigest.get(digest(token)));
    }

    static Map<String, ApiPrincipal> parse(String configured) {
        Map<String, ApiPrincipal> tokens = new HashMap<>();
        String[] entries = configured.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String where = "OPERATOR_API_TOKENS entry " + (i + 1);
            String[] parts = entry.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new ConfigurationException(where + ": expected [name:]scope:token");
            }
            String token = parts[parts.length - 1];
            String scopeText = parts[parts.length - 2].toLowerCase(Locale.ROOT);
            ApiScope scope = switch (scopeText) {
                case "read" -> ApiScope.READ;
                case "write" -> ApiScope.WRITE;
                case "secrets" -> ApiScope.SECRETS;
                default -> throw new ConfigurationException(where + ": scope must be read, write or secrets");
            };
            if (!TOKEN.matcher(token).matches()) {
                throw new ConfigurationException(where + ": a token must be 16 to 512 characters of letters,"
                        + " digits and ._~+/=-");
            }
            String digest = digest(token);
            String name = parts.length == 3 ? parts[0] : "token-" + digest.substring(0, 8);
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationException(where + ": a token name must be 1 to 64 letters, digits or ._-");
            }
            if (tokens.put(digest, new ApiPrincipal(name, scope)) != null) {
                throw new ConfigurationException(where + ": the same token is listed twice");
            }
        }
        return Map.copyOf(tokens);
    }

    private static Map<String, ApiPrincipal> generated(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException raced) {
                    return generated(file);
                }
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                LOG.info("No OPERATOR_API_TOKENS configured: generated a write token into {}", file);
            } else {
                LOG.info("No OPERATOR_API_TOKENS configured: using the write token in {}", file);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!TOKEN.matcher(token).matches()) {
                throw new ConfigurationException(file + ": does not hold a valid token; delete it to generate one");
            }
            return Map.of(digest(token), new ApiPrincipal("generated", ApiScope.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API token file " + file, e);
        }
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
