package chat.mindroom.operator.sandbox;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Dokku's events log ({@code events:on}, {@code dokku events}) as the real 0.38.27 host wrote it
 * (sample {@code events-tail.txt}): one line per plugin trigger, naming the trigger, its arguments
 * (the app first), and the SSH key that ran the command. Off on a fresh host; {@code dokku events}
 * shows only the last 100 lines. Changes are logged under the trigger names Dokku fires for them
 * ({@code post-config-update}, {@code post-domains-update} as recorded; {@code post-stop},
 * {@code post-deploy}, {@code post-delete}, {@code post-certs-remove} from Dokku's and the
 * letsencrypt plugin's source), each followed by read triggers, as the real log is noisy.
 */
final class EventsLog {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final int KEPT = 1000;
    private static final int SHOWN = 100;
    private static final List<String> READS = List.of("proxy-type", "certs-exists", "domains-vhost-enabled",
            "proxy-is-enabled");

    private final Deque<String> lines = new ArrayDeque<>();
    private final Clock clock;
    private boolean on;
    private int pid = 30000;

    EventsLog(Clock clock) {
        this.clock = clock;
    }

    void on(boolean on) {
        this.on = on;
    }

    boolean on() {
        return on;
    }

    /** Logs a change made by the key {@code who} (its {@code NAME=... FINGERPRINT=...}); no-op while off. */
    void changed(String trigger, String args, String who) {
        if (!on) {
            return;
        }
        String app = args.split(" ")[0];
        append(trigger, args, who);
        for (String read : READS) {
            append(read, app, who);
        }
    }

    private void append(String trigger, String args, String who) {
        pid++;
        lines.addLast(STAMP.format(clock.instant()) + " vm dokku-event[" + pid + "]: INVOKED: " + trigger + "( " + args
                + " ) " + who + " DOKKU_PID=" + (pid - 1));
        while (lines.size() > KEPT) {
            lines.removeFirst();
        }
    }

    /** What {@code dokku events} prints: the last 100 lines. */
    String tail() {
        StringBuilder out = new StringBuilder();
        lines.stream().skip(Math.max(0, lines.size() - SHOWN)).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
