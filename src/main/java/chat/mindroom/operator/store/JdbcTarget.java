package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where to connect: a JDBC URL plus credentials, parsed from {@code DATABASE_URL}, which may be a
 * JDBC URL or a {@code postgres://user:password@host:port/db?params} URL.
 */
public record JdbcTarget(String jdbcUrl, Optional<String> user, Optional<String> password) {

    public JdbcTarget {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    /** The URL with credentials removed, safe to log. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public static JdbcTarget parse(String url, String user, String password) {
        Optional<String> explicitUser = Optional.ofNullable(user).filter(s -> !s.isBlank());
        Optional<String> explicitPassword = Optional.ofNullable(password).filter(s -> !s.isEmpty());
        if (url.startsWith("jdbc:postgresql:")) {
            return new JdbcTarget(url, explicitUser, explicitPassword);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgres:// or"
                    + " postgresql://");
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("DATABASE_URL has no host");
            }
            Optional<String> urlUser = Optional.empty();
            Optional<String> urlPassword = Optional.empty();
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                urlUser = Optional.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                if (parts.length == 2) {
                    urlPassword = Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new JdbcTarget(jdbc, explicitUser.isPresent() ? explicitUser : urlUser,
                    explicitPassword.isPresent() ? explicitPassword : urlPassword);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getReason());
        }
    }
}
