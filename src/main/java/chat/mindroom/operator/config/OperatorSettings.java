package chat.mindroom.operator.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;

/**
 * Operator-wide settings, bound from the environment ({@code OPERATOR_DATA_DIR} ->
 * {@code operator.data-dir}) and validated at startup.
 *
 * @param dataDir      where the embedded database, the generated API token and secret key live
 * @param baseDomain   every instance gets {@code <name>.<baseDomain>} and {@code api.<name>.<baseDomain>}
 * @param release      the image tag of instances that do not pin one
 * @param apiTokens    {@code [name:]scope:token} entries, comma-separated; scope is read or write
 * @param templatesDir a directory with tiers.yaml, instance.yaml and mindroom-config.yaml that
 *                     replaces the packaged templates
 * @param hostsFile    the Dokku hosts; without it the operator runs the Dokku sandbox
 * @param sandboxPort  the sandbox's SSH port on 127.0.0.1 (0: any free port)
 * @param sandboxLatencyScale multiplies the sandbox's real-Dokku command timings (0: instant)
 * @param backupDir    where database exports go before a deletion (default: data dir/backups)
 * @param secretKey    base64 of 32 bytes encrypting generated secrets (default: generated into the data dir)
 * @param letsencryptEmail the ACME account e-mail set on each app ({@code letsencrypt:set APP email}) before
 *                     its certificate is requested; absent: the host's own (global) letsencrypt e-mail is used
 */
@ConfigurationProperties("operator")
public record OperatorSettings(
        @Bindable(defaultValue = "./data") @NotBlank String dataDir,
        @Bindable(defaultValue = "mindroom.chat")
        @Pattern(regexp = "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$",
                message = "must be a lower-case DNS name such as mindroom.chat")
        String baseDomain,
        @Bindable(defaultValue = "latest")
        @Pattern(regexp = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", message = "must be an image tag")
        String release,
        @Nullable String apiTokens,
        @Nullable String templatesDir,
        @Nullable String hostsFile,
        @Bindable(defaultValue = "2222") @jakarta.validation.constraints.Min(0)
        @jakarta.validation.constraints.Max(65535) int sandboxPort,
        @Bindable(defaultValue = "1.0") @jakarta.validation.constraints.DecimalMin("0.0") double sandboxLatencyScale,
        @Nullable String backupDir,
        @Nullable String secretKey,
        @Nullable @Pattern(regexp = "^[A-Za-z0-9._%+-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$",
                message = "must be an e-mail address such as ops@example.com") String letsencryptEmail) {

    public Path backupPath() {
        return backupDir == null || backupDir.isBlank() ? dataPath().resolve("backups")
                : Path.of(backupDir).toAbsolutePath().normalize();
    }

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }
}
