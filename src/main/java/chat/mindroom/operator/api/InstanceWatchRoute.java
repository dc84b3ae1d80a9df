package chat.mindroom.operator.api;

import chat.mindroom.operator.api.watch.Change;
import chat.mindroom.operator.api.watch.ChangeLog;
import chat.mindroom.operator.api.watch.WatchEvents;
import chat.mindroom.operator.api.watch.WatchFilter;
import chat.mindroom.operator.api.watch.WatchHub;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.InstanceQuery;
import chat.mindroom.operator.store.InstanceStore;
import chat.mindroom.operator.store.Page;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/instances?watch=true}: the instances' changes as server-sent events. Without a
 * position it first lists the matching instances (ADDED, no ids) and sends a BOOKMARK with the
 * listing's position; with {@code resourceVersion} (or {@code Last-Event-ID}) it sends every change
 * after that position. Either way it then follows the fan-out. A position older than the change log
 * keeps is answered 410; if the log is pruned past the stream while it catches up, the stream ends
 * with an ERROR event carrying the same problem.
 */
@Singleton
final class InstanceWatchRoute {

    private static final int PAGE = 500;

    private final WatchHub hub;
    private final ChangeLog log;
    private final InstanceStore store;

    InstanceWatchRoute(WatchHub hub, InstanceStore store) {
        this.hub = hub;
        this.log = hub.log();
        this.store = store;
    }

    /** The position a listing reports: read before the listing, so watching from it misses nothing. */
    long position() {
        return log.position();
    }

    MutableHttpResponse<Flux<Event<String>>> open(HttpRequest<?> request, WatchFilter filter,
                                                  String resourceVersion) {
        Optional<String> from = Optional.ofNullable(resourceVersion)
                .or(() -> request.getHeaders().get("Last-Event-ID", String.class)).filter(v -> !v.isBlank());
        OptionalLong after = OptionalLong.empty();
        if (from.isPresent()) {
            after = OptionalLong.of(parse(from.get()));
            long pruned = log.prunedThrough();
            long position = log.position();
            if (after.getAsLong() < pruned || after.getAsLong() > position) {
                throw new ProblemException(gone(after.getAsLong(), pruned, position));
            }
        }
        WatchHub.Registration registration = hub.register(filter);
        try {
            Flux<Event<String>> stream = after.isPresent() ? resume(registration, filter, after.getAsLong())
                    : fromListing(registration, filter);
            // A comment first: the response (and its status) reaches the client before any change does.
            stream = Flux.concat(Flux.just(WatchEvents.heartbeat()), stream);
            return HttpResponse.ok(hub.counted(registration.watcher(), stream))
                    .contentType(MediaType.TEXT_EVENT_STREAM);
        } catch (RuntimeException e) {
            hub.leave(registration.watcher());
            throw e;
        }
    }

    private Flux<Event<String>> resume(WatchHub.Registration registration, WatchFilter filter, long after) {
        long through = registration.from();
        registration.watcher().skipThrough(Math.max(after, through));
        return Flux.concat(after < through ? catchUp(filter, after, through) : Flux.empty(),
                registration.watcher().events());
    }

    private Flux<Event<String>> fromListing(WatchHub.Registration registration, WatchFilter filter) {
        long position = log.position();
        registration.watcher().skipThrough(position);
        return Flux.concat(listing(filter, position), Flux.just(WatchEvents.bookmark(position)),
                registration.watcher().events());
    }

    private static long parse(String version) {
        try {
            long value = Long.parseLong(version.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InstanceController.badParameter("resourceVersion",
                "is not a watch position (the resourceVersion of a listing or the id of a watch event)");
    }

    private static Problem gone(long after, long pruned, long position) {
        String why = after > position ? "is newer than this server's watch position " + position
                : "is older than the change log keeps (changes after " + pruned + ")";
        return Problem.of(HttpStatus.GONE, "gone", "Resource version too old",
                "resourceVersion " + after + " " + why + "; list the instances again (GET /api/v1/instances)"
                        + " and watch from the listing's resourceVersion");
    }

    /** The matching instances, page by page as the client reads them, then nothing. */
    private Flux<Event<String>> listing(WatchFilter filter, long position) {
        return Flux.<List<Instance>, Optional<InstanceName>>generate(Optional::empty, (after, sink) -> {
            Page<Instance> page = store.list(new InstanceQuery(filter.tier(), filter.phase(), after, PAGE));
            sink.next(page.items());
            if (page.nextCursor().isEmpty() || page.items().isEmpty()) {
                sink.complete();
                return after;
            }
            return Optional.of(page.items().get(page.items().size() - 1).name());
        }).concatMapIterable(page -> page.stream().map(i -> WatchEvents.listed(position, InstanceView.instance(i)))
                .toList()).subscribeOn(Schedulers.boundedElastic());
    }

    /** The changes after {@code after} through {@code through} from the log, then a bookmark at {@code through}. */
    private Flux<Event<String>> catchUp(WatchFilter filter, long after, long through) {
        AtomicLong told = new AtomicLong(after);
        Flux<Event<String>> changes = Flux.<List<Event<String>>, Long>generate(() -> after, (cursor, sink) -> {
            if (cursor >= through) {
                sink.complete();
                return cursor;
            }
            List<Change> page = log.read(cursor, through, PAGE);
            long pruned = log.prunedThrough();
            if (pruned > cursor) {
                sink.error(new ProblemException(gone(cursor, pruned, through)));
                return cursor;
            }
            if (page.isEmpty()) {
                sink.complete();
                return through;
            }
            sink.next(page.stream().flatMap(c -> filter.typeOf(c).map(type -> WatchEvents.change(type, c.version(),
                    WatchEvents.data(type, c.version(), InstanceView.instance(c.instance())))).stream()).toList());
            return page.get(page.size() - 1).version();
        }).concatMapIterable(events -> events).doOnNext(e -> told.set(WatchEvents.position(e)));
        return changes.concatWith(Flux.defer(() -> told.get() < through ? Flux.just(WatchEvents.bookmark(through))
                        : Flux.empty()))
                .onErrorResume(ProblemException.class, e -> Flux.just(WatchEvents.error(e.problem().toTree(null))))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
