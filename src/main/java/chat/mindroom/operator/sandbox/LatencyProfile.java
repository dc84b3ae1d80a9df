package chat.mindroom.operator.sandbox;

import java.time.Duration;
import java.util.Map;

/**
 * How long each simulated command takes, from the timings of a real Dokku 0.38.27 on a 2-core
 * machine (dokku-facts section 0, plus 250 ms of SSH overhead per command), multiplied by a scale:
 * 1 for realistic runs, 0 for tests.
 */
public record LatencyProfile(double scale) {

    public static final LatencyProfile NONE = new LatencyProfile(0);
    public static final LatencyProfile REAL = new LatencyProfile(1);

    /** SSH connection and forced-command overhead on loopback, per command. */
    public static final long SSH_OVERHEAD_MS = 250;

    private static final Map<String, Long> LOCAL_MS = Map.ofEntries(
            Map.entry("apps:create", 4800L),
            Map.entry("apps:destroy", 3000L),
            Map.entry("domains:report", 120L),
            Map.entry("ps:report", 520L),
            Map.entry("config:set", 110L),
            Map.entry("config:unset", 110L),
            Map.entry("postgres:create", 8000L),
            Map.entry("redis:create", 5000L),
            Map.entry("postgres:destroy", 2000L),
            Map.entry("redis:destroy", 2000L),
            Map.entry("postgres:link", 300L),
            Map.entry("redis:link", 300L),
            Map.entry("postgres:unlink", 300L),
            Map.entry("redis:unlink", 300L),
            Map.entry("postgres:export", 1500L),
            Map.entry("domains:set", 5000L),
            Map.entry("domains:add", 3000L),
            Map.entry("git:from-image", 24000L),
            Map.entry("ps:restart", 17000L),
            Map.entry("ps:rebuild", 25000L),
            Map.entry("ps:start", 23000L),
            Map.entry("ps:stop", 1500L),
            Map.entry("letsencrypt:enable", 6000L),
            Map.entry("plugin:list", 200L),
            Map.entry("storage:ensure-directory", 100L),
            Map.entry("storage:mount", 100L),
            Map.entry("storage:unmount", 100L),
            Map.entry("resource:limit", 80L));

    /**
     * The extra time per app when a report runs without an app name and covers every app: Dokku's Go
     * reports loop over the apps in one process reading small property files, so an app costs a
     * little, not a whole command. 2 ms is an assumption (no real Dokku host is reachable to time a
     * bulk report); ps:report repeats its container inspection per app, so it keeps its full cost.
     */
    private static final long BULK_PER_APP_MS = 2;

    /** Reports, config:export, version, lists and the like. */
    private static final long DEFAULT_READ_MS = 45;

    public LatencyProfile {
        if (scale < 0) {
            throw new IllegalArgumentException("scale must not be negative");
        }
    }

    /** The delay for one command; {@code unchangedImage} is git:from-image with nothing to deploy. */
    public Duration delay(String command, boolean unchangedImage) {
        return delay(command, unchangedImage, 1);
    }

    /** The delay for one command covering {@code apps} apps (more than one only for a bulk report). */
    public Duration delay(String command, boolean unchangedImage, int apps) {
        if (scale == 0) {
            return Duration.ZERO;
        }
        long single = unchangedImage ? 500 : LOCAL_MS.getOrDefault(command, DEFAULT_READ_MS);
        long perApp = command.equals("ps:report") ? single : BULK_PER_APP_MS;
        long local = single + Math.max(0, apps - 1) * perApp;
        return Duration.ofMillis(Math.round((local + SSH_OVERHEAD_MS) * scale));
    }
}
