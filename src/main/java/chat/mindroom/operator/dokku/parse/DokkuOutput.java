package chat.mindroom.operator.dokku.parse;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.JsonDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the outputs of the Dokku commands the operator reads, in the formats recorded from
 * Dokku 0.38.27 and documented for older versions (dokku-facts section 1). Pure functions of text.
 */
public final class DokkuOutput {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private DokkuOutput() {
    }

    /** {@code apps:list}: JSON ({@code ["a","b"]}) or text ({@code =====> My Apps} then names). */
    public static List<String> appsList(String output) {
        String trimmed = output.trim();
        if (trimmed.startsWith("[")) {
            return strings(trimmed, "apps:list");
        }
        return namesAfterHeader(output);
    }

    /** {@code config:export APP --format json}: every key of the app's environment. */
    public static SortedMap<String, String> configJson(String output) {
        SortedMap<String, String> env = new TreeMap<>();
        Object tree = parse(output.trim(), "config:export");
        if (!(tree instanceof Map<?, ?> map)) {
            throw unparseable("config:export did not print a JSON object");
        }
        map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return env;
    }

    /** {@code postgres:list} / {@code redis:list}: service names after the header. */
    public static List<String> serviceList(String output) {
        return namesAfterHeader(output);
    }

    /** {@code postgres:links SVC}, {@code postgres:app-links APP}: one name per line. */
    public static List<String> lines(String output) {
        List<String> names = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        return names;
    }

    /** {@code postgres:info SVC} / {@code redis:info SVC}: key to value (Links as text). */
    public static Map<String, String> serviceInfo(String output) {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("=====>") || line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                info.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return info;
    }

    /** The apps a {@code :info} Links value names ({@code -} means none). */
    public static List<String> infoLinks(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.equals("-")) {
            return List.of();
        }
        return List.of(trimmed.split("\\s+"));
    }

    /** {@code version}: the first x.y.z, from {@code dokku version 0.38.27} or a dev build string. */
    public static DokkuVersion version(String output) {
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            throw unparseable("no version in '" + output.trim() + "'");
        }
        return new DokkuVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** {@code plugin:list}: name to version of enabled plugins, from JSON (0.38.22+) or text. */
    public static SortedMap<String, String> plugins(String output) {
        SortedMap<String, String> plugins = new TreeMap<>();
        String trimmed = output.trim();
        if (trimmed.startsWith("[")) {
            if (parse(trimmed, "plugin:list") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> p && !Boolean.FALSE.equals(p.get("enabled"))) {
                        plugins.put(String.valueOf(p.get("name")), String.valueOf(p.get("version")));
                    }
                }
            }
            return plugins;
        }
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (line.isBlank() || line.startsWith("plugn:") || line.startsWith("#") || fields.length < 3) {
                continue;
            }
            if (!fields[2].equals("disabled")) {
                plugins.put(fields[0], fields[1]);
            }
        }
        return plugins;
    }

    /** A mount as {@code storage:list} reports it. */
    public record StorageMount(String hostPath, String containerPath) {
    }

    /** {@code storage:list APP --format json} (0.29.3+), or the text form, with or without --quiet. */
    public static List<StorageMount> storageList(String output) {
        List<StorageMount> mounts = new ArrayList<>();
        String trimmed = output.trim();
        if (trimmed.startsWith("[")) {
            if (parse(trimmed, "storage:list") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> m) {
                        mounts.add(new StorageMount(String.valueOf(m.get("host_path")),
                                String.valueOf(m.get("container_path"))));
                    }
                }
            }
            return mounts;
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("----->") || line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(":");
            if (parts.length >= 2) {
                mounts.add(new StorageMount(parts[0], parts[1]));
            }
        }
        return mounts;
    }

    /**
     * The mounts {@code storage:list} would print (deploy-phase attachments), from a
     * {@code storage:report} object: {@code attachment.<n>.host-path}, {@code .container-path} and
     * {@code .phases}, numbered from 1.
     */
    public static List<StorageMount> storageReportMounts(ParsedReport report) {
        List<StorageMount> mounts = new ArrayList<>();
        for (int n = 1; report.get("attachment." + n + ".host-path").isPresent(); n++) {
            String phases = report.getOrEmpty("attachment." + n + ".phases");
            if (List.of(phases.split(",")).contains("deploy")) {
                mounts.add(new StorageMount(report.getOrEmpty("attachment." + n + ".host-path"),
                        report.getOrEmpty("attachment." + n + ".container-path")));
            }
        }
        return mounts;
    }

    /** The objects of a bulk {@code :report --format json}: one per app, one per line. */
    public static List<String> ndjsonLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                if (!line.trim().startsWith("{")) {
                    throw new OperatorException(ErrorCode.UNPARSEABLE_OUTPUT,
                            "a bulk report printed a line that is not a JSON object");
                }
                lines.add(line.trim());
            }
        }
        return lines;
    }

    /** {@code letsencrypt:active APP}: {@code true} or {@code false}. */
    public static boolean letsencryptActive(String output) {
        return output.trim().equalsIgnoreCase("true");
    }

    /** One row of {@code letsencrypt:list}. */
    public record CertificateRow(String app, String expiry, String timeBeforeExpiry, String timeBeforeRenewal) {
    }

    /** {@code letsencrypt:list}: app, expiry date-time, then columns split on two or more spaces. */
    public static List<CertificateRow> letsencryptList(String output) {
        List<CertificateRow> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("----->") || line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] head = line.trim().split("\\s+", 4);
            if (head.length < 3) {
                continue;
            }
            String rest = head.length == 4 ? head[3].trim() : "";
            String[] columns = rest.isEmpty() ? new String[0] : rest.split("\\s{2,}");
            rows.add(new CertificateRow(head[0], head[1] + " " + head[2], columns.length > 0 ? columns[0] : "",
                    columns.length > 1 ? columns[1] : ""));
        }
        return rows;
    }

    /** The resource limits of the default process type, from a resource report. */
    public static Optional<String> defaultLimit(ParsedReport resource, String key) {
        Optional<String> value = resource.get("_default_.limit." + key);
        if (value.isPresent()) {
            return value.filter(v -> !v.isEmpty());
        }
        // Before 0.38.8 the text layout had no "resource" prefix and no process-type column for defaults.
        return resource.get("limit." + key).filter(v -> !v.isEmpty());
    }

    private static List<String> namesAfterHeader(String output) {
        List<String> names = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("=====>") || line.startsWith("#") || line.isBlank() || line.startsWith(" !")) {
                continue;
            }
            names.add(line.trim());
        }
        return names;
    }

    private static List<String> strings(String json, String what) {
        if (!(parse(json, what) instanceof List<?> list)) {
            throw unparseable(what + " did not print a JSON list");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static Object parse(String json, String what) {
        try {
            return JsonDocument.parse(json);
        } catch (DocumentException e) {
            throw unparseable(what + " printed malformed JSON: " + e.getMessage());
        }
    }

    private static OperatorException unparseable(String message) {
        return new OperatorException(ErrorCode.UNPARSEABLE_OUTPUT, message);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
