package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.DokkuClient;
import chat.mindroom.operator.dokku.DokkuEvent;
import chat.mindroom.operator.spec.InstanceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs of drift from Dokku's events log, read once per host and resync. Dokku logs every plugin
 * trigger with the SSH key that caused it; a change trigger ({@code post-*}) naming one of our apps
 * and caused by any key but the operator's own means somebody changed the app by hand: an env key,
 * a stop, a deploy, an unlink (it unsets the app's {@code DATABASE_URL}), a certificate removal.
 * None of those shows in the bulk reports, and reading every app's env and process state for a
 * fleet of thousands takes many minutes; the log names the few that changed.
 *
 * <p>The log is a hint, never a reason to write: a suspected instance is observed in full by its
 * next pass, which then repairs what it finds. The log keeps only 100 lines; when more were written
 * between two reads the gap is counted and the rotating full verification catches what fell in it.
 */
final class DriftSignals {

    /** An instance whose app somebody else changed: what was logged, and which key did it. */
    record Suspect(InstanceName instance, String trigger, String app, String key) {
    }

    private final Map<String, String> lastLine = new ConcurrentHashMap<>();
    private final Map<String, Boolean> logOn = new ConcurrentHashMap<>();

    /** Whether lines were lost between the last two reads of a host's log. */
    private final Map<String, Boolean> gaps = new ConcurrentHashMap<>();

    /** Reads the host's log (switching it on first if it is off) and returns the suspects, one per instance. */
    List<Suspect> read(DokkuClient client, Optional<String> ownKey) {
        String host = client.hostName();
        if (!logOn.getOrDefault(host, false)) {
            logOn.put(host, client.ensureEventsLog());
        }
        return suspects(host, client.recentEvents(), ownKey);
    }

    /** The suspects in the lines not seen at the last read of {@code host}. */
    List<Suspect> suspects(String host, List<String> lines, Optional<String> ownKey) {
        String last = lastLine.get(host);
        if (!lines.isEmpty()) {
            lastLine.put(host, lines.get(lines.size() - 1));
        }
        if (last == null) {
            // The first read only sets the mark: what happened before is found by the first full passes.
            return List.of();
        }
        int seen = lines.lastIndexOf(last);
        gaps.put(host, seen < 0 && !lines.isEmpty());
        Map<InstanceName, Suspect> suspects = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        for (String line : lines.subList(seen + 1, lines.size())) {
            Optional<DokkuEvent> event = DokkuEvent.parse(line);
            if (event.isEmpty() || !event.get().change()) {
                continue;
            }
            String key = event.get().fingerprint().orElse("unknown key");
            if (ownKey.isPresent() && ownKey.get().equals(key)) {
                continue;
            }
            event.get().app().flatMap(DriftSignals::instanceOf).ifPresent(instance -> suspects.putIfAbsent(instance,
                    new Suspect(instance, event.get().trigger(), event.get().app().get(), key)));
        }
        return List.copyOf(suspects.values());
    }

    /** Whether the last read of the host found lines lost since the one before. */
    boolean gap(String host) {
        return gaps.getOrDefault(host, false);
    }

    /** {@code mr-<instance>-<role>} (apps and services alike) to the instance name. */
    static Optional<InstanceName> instanceOf(String app) {
        int role = app.lastIndexOf('-');
        if (!app.startsWith("mr-") || role <= 3) {
            return Optional.empty();
        }
        String name = app.substring(3, role);
        return InstanceName.problem(name).isPresent() ? Optional.empty() : Optional.of(new InstanceName(name));
    }
}
