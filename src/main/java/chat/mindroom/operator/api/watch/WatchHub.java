package chat.mindroom.operator.api.watch;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.api.InstanceView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.sse.Event;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * The fan-out of instance changes to every watch on this replica. One thread numbers the committed
 * changes, reads the new ones once, and hands each to every watcher (its JSON encoded once per
 * event type); N watchers cost one query, not N. Woken by {@code NOTIFY instance_watch}, and polls
 * every {@code poll-interval} in case a notification was missed. The same thread sends bookmarks
 * and prunes the log.
 */
@Context
public final class WatchHub {

    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
    private static final int PAGE = 500;

    private final ChangeLog log;
    private final WatchSettings settings;
    private final Clock clock;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final WatchMetrics metrics;
    private final ScheduledExecutorService thread;
    private final WatchNotifications notifications;
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Every change at or before it has been handed to the watchers; -1 until the log was first read. */
    private long fannedOut = -1;

    public WatchHub(ChangeLog log, WatchSettings settings, Clock clock, DataSource dataSource, MeterRegistry registry) {
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new WatchMetrics(registry, watchers);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch-fanout");
            t.setDaemon(true);
            return t;
        });
        long poll = settings.pollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
        long bookmarks = settings.bookmarkInterval().toMillis();
        thread.scheduleWithFixedDelay(this::bookmarks, bookmarks, bookmarks, TimeUnit.MILLISECONDS);
        long prune = settings.pruneInterval().toMillis();
        thread.scheduleWithFixedDelay(this::prune, prune, prune, TimeUnit.MILLISECONDS);
        this.notifications = new WatchNotifications(dataSource, this::wake);
        notifications.start();
    }

    /** A new watcher and the position from which the fan-out serves it (it gets every later change). */
    public synchronized Registration register(WatchFilter filter) {
        if (fannedOut < 0) {
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the change log has not been read yet");
        }
        Watcher watcher = new Watcher(filter, settings.buffer(), fannedOut);
        watchers.add(watcher);
        return new Registration(watcher, fannedOut);
    }

    /** A watcher and the position the fan-out starts it after. */
    public record Registration(Watcher watcher, long from) {
    }

    /** The watcher's events as written to its client, counted; it leaves the fan-out when they end. */
    public Flux<Event<String>> counted(Watcher watcher, Flux<Event<String>> stream) {
        return stream.doOnNext(e -> {
            if (e.getName() != null) {
                metrics.sent();
            }
        }).doFinally(signal -> watchers.remove(watcher));
    }

    /** Takes a watcher whose stream never started out of the fan-out. */
    public void leave(Watcher watcher) {
        watchers.remove(watcher);
    }

    public ChangeLog log() {
        return log;
    }

    private void wake() {
        if (woken.compareAndSet(false, true)) {
            thread.execute(() -> {
                woken.set(false);
                poll();
            });
        }
    }

    private void poll() {
        try {
            long assigned = log.assign();
            synchronized (this) {
                if (watchers.isEmpty() || fannedOut < 0) {
                    fannedOut = Math.max(fannedOut, assigned);
                    return;
                }
            }
            while (fannedOut < assigned) {
                List<Change> changes = log.read(fannedOut, assigned, PAGE);
                if (changes.isEmpty()) {
                    synchronized (this) {
                        fannedOut = assigned;
                    }
                    break;
                }
                synchronized (this) {
                    changes.forEach(this::fanOut);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("reading the instance change log failed (retrying): {}", e.getMessage());
        }
    }

    private void fanOut(Change change) {
        Map<String, Event<String>> encoded = new HashMap<>(2);
        for (Watcher watcher : watchers) {
            Optional<String> type = watcher.filter().typeOf(change);
            Event<String> event = type.map(t -> encoded.computeIfAbsent(t, k -> WatchEvents.change(k, change.version(),
                    WatchEvents.data(k, change.version(), InstanceView.instance(change.instance()))))).orElse(null);
            if (!watcher.offer(change.version(), event)) {
                drop(watcher);
            }
        }
        fannedOut = change.version();
    }

    private void bookmarks() {
        for (Watcher watcher : watchers) {
            if (!watcher.bookmark()) {
                drop(watcher);
            }
        }
    }

    private void drop(Watcher watcher) {
        if (watchers.remove(watcher)) {
            metrics.dropped();
            LOG.info("dropped a watcher that fell {} events behind; it resumes from its last id",
                    settings.buffer());
        }
    }

    private void prune() {
        try {
            log.prune(clock.instant().minus(settings.retention()), settings.maxChanges());
        } catch (RuntimeException e) {
            LOG.warn("pruning the instance change log failed (retrying): {}", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        notifications.stop();
        thread.shutdownNow();
        watchers.forEach(Watcher::close);
    }
}
