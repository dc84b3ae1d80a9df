package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.YamlDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where mindroomctl connects: the context file ({@code ~/.config/mindroom/config.yaml}, or
 * {@code $MINDROOM_CONFIG}) holds named contexts with a server and a token, and the current one;
 * {@code --context} picks another; {@code MINDROOM_SERVER} and {@code MINDROOM_TOKEN} override both.
 *
 * <pre>
 * current-context: prod
 * contexts:
 *   - name: prod
 *     server: https://operator.example.com
 *     token: ...
 * </pre>
 */
final class ContextConfig {

    /** A resolved connection target. */
    record Target(String context, String server, Optional<String> token) {
    }

    private ContextConfig() {
    }

    static Path configFile(Map<String, String> env) {
        String explicit = env.get("MINDROOM_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "mindroom", "config.yaml");
    }

    static Target resolve(Optional<String> contextFlag, Map<String, String> env) {
        Path file = configFile(env);
        Map<?, ?> context = Map.of();
        String contextName = "(environment)";
        if (Files.isRegularFile(file)) {
            Map<?, ?> config = read(file);
            Object current = contextFlag.isPresent() ? contextFlag.get() : config.get("current-context");
            if (current != null) {
                contextName = current.toString();
                context = find(config, contextName, file);
            }
        } else if (contextFlag.isPresent()) {
            throw new CommandFailure(ExitCode.USAGE, "no context '" + contextFlag.get() + "': " + file
                    + " does not exist");
        }
        String server = pick(env.get("MINDROOM_SERVER"), context.get("server"));
        String token = pick(env.get("MINDROOM_TOKEN"), context.get("token"));
        if (server == null) {
            throw new CommandFailure(ExitCode.USAGE, "no server: set MINDROOM_SERVER or add a context to " + file);
        }
        return new Target(contextName, server.replaceAll("/+$", ""), Optional.ofNullable(token));
    }

    private static String pick(String fromEnv, Object fromFile) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return fromFile == null ? null : fromFile.toString();
    }

    private static Map<?, ?> read(Path file) {
        try {
            Object tree = YamlDocument.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (tree == null) {
                return Map.of();
            }
            if (tree instanceof Map<?, ?> map) {
                return map;
            }
            throw new CommandFailure(ExitCode.USAGE, file + ": expected a mapping with contexts");
        } catch (IOException | DocumentException e) {
            throw new CommandFailure(ExitCode.USAGE, file + ": " + e.getMessage());
        }
    }

    private static Map<?, ?> find(Map<?, ?> config, String name, Path file) {
        if (config.get("contexts") instanceof List<?> contexts) {
            for (Object entry : contexts) {
                if (entry instanceof Map<?, ?> context && name.equals(String.valueOf(context.get("name")))) {
                    return context;
                }
            }
        }
        throw new CommandFailure(ExitCode.USAGE, "no context '" + name + "' in " + file);
    }
}
