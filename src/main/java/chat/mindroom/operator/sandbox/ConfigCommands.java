package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The config plugin's commands: config:export, config:get, config:set (plain and --encoded), config:unset. */
final class ConfigCommands {

    private static final Pattern ENV_KEY = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Pattern GO_INT = Pattern.compile("^[+-]?[0-9]+$");

    private final AppLookup apps;
    private final AppLifecycle lifecycle;

    ConfigCommands(AppLookup apps, AppLifecycle lifecycle) {
        this.apps = apps;
        this.lifecycle = lifecycle;
    }

    Answer configExport(List<String> args) {
        return apps.withApp(args, app -> {
            int f = args.indexOf("--format");
            String format = f >= 0 && f + 1 < args.size() ? args.get(f + 1) : "exports";
            return switch (format) {
                case "json" -> Answer.ok(GoJson.object(app.env) + "\n");
                case "exports" -> {
                    StringBuilder out = new StringBuilder();
                    app.env.forEach((k, v) -> out.append("export ").append(k).append("='")
                            .append(v.replace("'", "'\\''")).append("'\n"));
                    yield Answer.ok(out.toString());
                }
                default -> Answer.fail(1, bang("Unknown export format: " + format));
            };
        });
    }


    Answer configGet(List<String> args) {
        return apps.withApp(args, app -> args.size() > 1 && app.env.containsKey(args.get(1))
                ? Answer.ok(app.env.get(args.get(1)) + "\n") : Answer.fail(1, ""));
    }

    Answer configSet(List<String> args) {
        boolean encoded = args.remove("--encoded");
        boolean noRestart = args.remove("--no-restart");
        return apps.withApp(args, app -> {
            List<String> pairs = args.subList(1, args.size());
            if (pairs.isEmpty()) {
                return Answer.fail(1, bang("At least one env pair must be given"));
            }
            Map<String, String> values = new TreeMap<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    return Answer.fail(1, bang("Invalid env pair: " + pair));
                }
                String key = pair.substring(0, eq);
                if (!ENV_KEY.matcher(key).matches()) {
                    return Answer.fail(1, bang("Invalid key name: '" + key + "'"));
                }
                String value = pair.substring(eq + 1);
                if (encoded) {
                    try {
                        value = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return Answer.fail(1, bang("illegal base64 data at input byte 0 for key '" + key + "'"));
                    }
                }
                values.put(key, value);
            }
            int width = values.keySet().stream().mapToInt(String::length).max().orElse(0) + 3;
            StringBuilder out = new StringBuilder("-----> Setting config vars\n");
            values.forEach((k, v) -> {
                out.append("       ").append(String.format("%-" + width + "s", k + ":")).append(v).append('\n');
                app.env.put(k, normalize(v));
            });
            if (!noRestart) {
                out.append(lifecycle.restartIfDeployed(app));
            }
            return Answer.ok(out.toString());
        });
    }


    /**
     * godotenv's Marshal writes values that parse as a Go int as the normalized integer. Kept apart
     * from the operator's DokkuValues on purpose: the sandbox models Dokku independently, so a wrong
     * assumption in the operator cannot hide behind the same code in its test fixture.
     */
    static String normalize(String value) {
        if (GO_INT.matcher(value).matches()) {
            try {
                return Long.toString(Long.parseLong(value));
            } catch (NumberFormatException tooBig) {
                return value;
            }
        }
        return value;
    }


    Answer configUnset(List<String> args) {
        boolean noRestart = args.remove("--no-restart");
        return apps.withApp(args, app -> {
            List<String> keys = args.subList(1, args.size());
            if (keys.isEmpty()) {
                return Answer.fail(1, bang("At least one key must be given"));
            }
            StringBuilder out = new StringBuilder();
            for (String key : keys) {
                if (app.env.remove(key) != null) {
                    out.append("-----> Unsetting ").append(key).append('\n');
                } else {
                    out.append("-----> Skipping ").append(key).append(", it is not set in the environment\n");
                }
            }
            if (!noRestart) {
                out.append(lifecycle.restartIfDeployed(app));
            }
            return Answer.ok(out.toString());
        });
    }
}
