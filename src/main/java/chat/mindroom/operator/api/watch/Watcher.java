package chat.mindroom.operator.api.watch;

import io.micronaut.http.sse.Event;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One connected watch as the fan-out sees it: a bounded buffer of events not yet written to the
 * client, the position it has been given everything up to, and the last position it was told (an
 * event's id or a bookmark). Only the fan-out thread emits. A watcher whose buffer is full is dropped:
 * its stream ends and the client resumes from the last id it read, without slowing anyone else.
 */
public final class Watcher {

    /** Ends a dropped watcher's stream at once, buffered events discarded. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("the watcher did not keep up", null, false, false);
        }
    }

    private final WatchFilter filter;
    private final Sinks.Many<Event<String>> sink;
    private long position;
    private long told;
    private volatile long skipThrough;
    private volatile boolean dropped;

    Watcher(WatchFilter filter, int buffer, long position) {
        this.filter = filter;
        this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<Event<String>>get(buffer).get());
        this.position = position;
        this.told = position;
        this.skipThrough = position;
    }

    WatchFilter filter() {
        return filter;
    }

    /**
     * The live events, those at or before {@link #skipThrough(long)} left out (the initial listing or
     * the catch-up covers them); a dropped watcher's ends without an error.
     */
    public Flux<Event<String>> events() {
        return sink.asFlux().filter(e -> WatchEvents.position(e) < 0 || WatchEvents.position(e) > skipThrough)
                .onErrorResume(TooSlow.class, e -> Flux.empty());
    }

    /** The stream already covers everything up to {@code version}. */
    public void skipThrough(long version) {
        skipThrough = Math.max(skipThrough, version);
    }

    boolean dropped() {
        return dropped;
    }

    /** Emits a change this watcher sees ({@code event} non-null) or just moves past it; false when dropped. */
    boolean offer(long version, Event<String> event) {
        position = version;
        if (event == null || version <= skipThrough) {
            return true;
        }
        told = version;
        return emit(event);
    }

    /** A bookmark when the position moved since the client was last told one, a heartbeat otherwise. */
    boolean bookmark() {
        if (position > Math.max(told, skipThrough)) {
            told = position;
            return emit(WatchEvents.bookmark(position));
        }
        return emit(WatchEvents.heartbeat());
    }

    private boolean emit(Event<String> event) {
        if (dropped) {
            return false;
        }
        if (sink.tryEmitNext(event).isFailure()) {
            dropped = true;
            sink.tryEmitError(new TooSlow());
            return false;
        }
        return true;
    }

    void close() {
        sink.tryEmitComplete();
    }
}
