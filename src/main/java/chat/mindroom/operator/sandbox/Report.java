package chat.mindroom.operator.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Dokku's shared {@code :report} layout (common.go ReportSingleApp): a header, then one line per
 * flag sorted by flag name, the key padded to max(31, longest flag); or, with {@code --format json},
 * one compact object of stripped keys, plus the legacy prefixed twins for the plugins that emit them.
 */
final class Report {

    private final String type;
    private final String prefix;
    private final boolean legacyTwins;
    private final boolean capitalize;
    private final SortedMap<String, String> flags = new TreeMap<>();

    Report(String type, String prefix, boolean legacyTwins, boolean capitalize) {
        this.type = type;
        this.prefix = prefix;
        this.legacyTwins = legacyTwins;
        this.capitalize = capitalize;
    }

    Report put(String flag, String value) {
        flags.put(flag, value);
        return this;
    }

    String text(String app) {
        int width = 31;
        for (String flag : flags.keySet()) {
            width = Math.max(width, flag.length());
        }
        StringBuilder out = new StringBuilder("=====> ").append(app).append(' ').append(type).append(" information\n");
        for (Map.Entry<String, String> e : flags.entrySet()) {
            String key = e.getKey().substring(2).replace('-', ' ').replace('.', ' ');
            if (capitalize) {
                key = key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
            }
            out.append("       ").append(pad(key + ":", width)).append(e.getValue()).append('\n');
        }
        return out.toString();
    }

    String json() {
        SortedMap<String, String> keys = new TreeMap<>();
        for (Map.Entry<String, String> e : flags.entrySet()) {
            String flag = e.getKey().substring(2);
            if (prefix != null && flag.startsWith(prefix + "-")) {
                keys.put(flag.substring(prefix.length() + 1), e.getValue());
                if (legacyTwins) {
                    keys.put(flag, e.getValue());
                }
            } else {
                keys.put(flag, e.getValue());
            }
        }
        return GoJson.object(keys) + "\n";
    }

    /** {@code X:report APP --flag}: just the value, or Dokku's complaint about the flag. */
    Answer single(String flag) {
        String value = flags.get(flag);
        if (value == null) {
            return Answer.fail(1, Answer.bang("Invalid flag passed, valid flags: " + String.join(", ", flags.keySet())));
        }
        return Answer.ok(value + "\n");
    }

    private static String pad(String text, int width) {
        StringBuilder out = new StringBuilder(text);
        while (out.length() < width) {
            out.append(' ');
        }
        return out.toString();
    }
}
