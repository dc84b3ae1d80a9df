package chat.mindroom.operator.api;

import static chat.mindroom.operator.api.InstanceController.badParameter;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Event;
import chat.mindroom.operator.store.EventQuery;
import chat.mindroom.operator.store.InstanceStore;
import chat.mindroom.operator.store.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The fleet-wide audit trail: every instance's events (deleted instances included), filtered,
 * newest first, paged by event id, as JSON/YAML pages or as JSON lines and CSV exports.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM,
        EventExport.JSON_LINES, EventExport.CSV})
final class EventsController {

    static final int MAX_PAGE = 1000;
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,99}");
    private static final Pattern ACTOR = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final InstanceStore store;

    EventsController(InstanceStore store) {
        this.store = store;
    }

    @Get("/events")
    MutableHttpResponse<byte[]> events(HttpRequest<?> request, @Nullable @QueryValue String instance,
                                       @Nullable @QueryValue String actor, @Nullable @QueryValue String reason,
                                       @Nullable @QueryValue String type, @Nullable @QueryValue String since,
                                       @Nullable @QueryValue String until, @Nullable @QueryValue String cursor,
                                       @Nullable @QueryValue String limit, @Nullable @QueryValue String format) {
        EventExport.Format chosen = EventExport.format(format, request);
        if (instance != null && InstanceName.problem(instance).isPresent()) {
            throw badParameter("instance", "is not an instance name");
        }
        if (actor != null && !ACTOR.matcher(actor).matches()) {
            throw badParameter("actor", "must be 1-200 printable characters without spaces");
        }
        if (reason != null && !WORD.matcher(reason).matches()) {
            throw badParameter("reason", "must be a reason such as SpecChanged (letters and digits)");
        }
        if (type != null && !type.equals("Normal") && !type.equals("Warning")) {
            throw badParameter("type", "must be Normal or Warning");
        }
        Optional<Instant> from = time("since", since);
        Optional<Instant> to = time("until", until);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw badParameter("until", "must be later than since");
        }
        int max = chosen.export() ? EventQuery.MAX_LIMIT : MAX_PAGE;
        EventQuery query = new EventQuery(Optional.ofNullable(instance), Optional.ofNullable(actor),
                Optional.ofNullable(reason), Optional.ofNullable(type), from, to, beforeId(cursor),
                limit(limit, chosen.export() ? EventQuery.MAX_LIMIT : InstanceController.DEFAULT_PAGE, max));
        Page<Event> page = store.events(query);
        if (chosen.export()) {
            return EventExport.respond(chosen, page);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("items", page.items().stream().map(EventExport::view).toList());
        tree.put("nextCursor", page.nextCursor().orElse(null));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    private static Optional<Instant> time(String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(Instant.EPOCH) || instant.isAfter(Instant.parse("9999-01-01T00:00:00Z"))) {
                throw badParameter(field, "must be between 1970 and 9999");
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw badParameter(field, "must be an RFC 3339 time such as 2026-12-04T18:00:00Z");
        }
    }

    private static OptionalLong beforeId(String cursor) {
        if (cursor == null) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return OptionalLong.of(id);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw badParameter("cursor", "is not a cursor this API returned");
    }

    private static int limit(String limit, int fallback, int max) {
        return limit == null ? Math.min(fallback, max) : InstanceController.pageSize(limit, max);
    }
}
