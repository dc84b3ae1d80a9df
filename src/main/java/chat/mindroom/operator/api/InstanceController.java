package chat.mindroom.operator.api;

import chat.mindroom.operator.api.watch.WatchFilter;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.Event;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.InstanceQuery;
import chat.mindroom.operator.store.InstanceStore;
import chat.mindroom.operator.store.Page;
import chat.mindroom.operator.store.Precondition;
import chat.mindroom.operator.store.WriteResult;
import chat.mindroom.operator.spec.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The declarative Instance API. It only writes desired state; it never talks to Dokku.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class InstanceController {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int DEFAULT_PAGE = 100;

    private final InstanceStore store;
    private final SpecAdmission admission;
    private final DeletionGrace grace;
    private final InstanceWatchRoute watches;

    InstanceController(InstanceStore store, SpecAdmission admission, DeletionGrace grace,
                       InstanceWatchRoute watches) {
        this.store = store;
        this.admission = admission;
        this.grace = grace;
        this.watches = watches;
    }

    @Put("/instances/{name}")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT})
    MutableHttpResponse<byte[]> put(String name, HttpRequest<?> request, @Nullable @Body byte[] body,
                                    @Nullable @QueryValue String dryRun) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new ProblemException(Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "Request Entity Too Large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes"));
        }
        Object document = Representation.parseBody(request, body);
        InstanceSpec spec = admission.admit(name, document);
        if ("true".equals(dryRun)) {
            // Validated and normalized as a write would be, stored nowhere: what apply/diff compare.
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("name", name);
            tree.put("dryRun", true);
            tree.put("spec", spec.toTree());
            return Representation.respond(HttpStatus.OK, tree, request);
        }
        WriteResult result = store.apply(new InstanceName(name), spec, precondition(request),
                BearerAuthFilter.actor(request));
        HttpStatus status = result.outcome() == WriteResult.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
        MutableHttpResponse<byte[]> response = withEtag(
                Representation.respond(status, InstanceView.instance(result.instance()), request), result.instance());
        if (status == HttpStatus.CREATED) {
            response.header(HttpHeaders.LOCATION, "/api/v1/instances/" + name);
        }
        return response;
    }

    @Get("/instances/{name}")
    MutableHttpResponse<byte[]> get(String name, HttpRequest<?> request) {
        Instance instance = store.find(parseName(name)).orElseThrow(() -> notFound(name));
        return withEtag(Representation.respond(HttpStatus.OK, InstanceView.instance(instance), request), instance);
    }

    @Get("/instances")
    @Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM,
        MediaType.TEXT_EVENT_STREAM})
    MutableHttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String tier,
                                @Nullable @QueryValue String phase, @Nullable @QueryValue String limit,
                                @Nullable @QueryValue String cursor, @Nullable @QueryValue String subscriptionId,
                                @Nullable @QueryValue String watch, @Nullable @QueryValue String resourceVersion) {
        Optional<Phase> phaseFilter = Optional.ofNullable(phase).map(p -> {
            try {
                return Phase.valueOf(p);
            } catch (IllegalArgumentException e) {
                throw badParameter("phase", "unknown phase '" + p + "' (one of " + List.of(Phase.values()) + ")");
            }
        });
        if ("true".equals(watch)) {
            return watches.open(request, new WatchFilter(Optional.ofNullable(tier), phaseFilter), resourceVersion);
        }
        Optional<InstanceName> after = Optional.ofNullable(cursor).map(InstanceController::decodeCursor);
        if (subscriptionId != null && !SpecReader.SUBSCRIPTION_ID.matcher(subscriptionId).matches()) {
            throw badParameter("subscriptionId", "is not a subscription id (1-200 letters, digits, '_', '.', ':',"
                    + " '@' or '-')");
        }
        InstanceQuery query = new InstanceQuery(Optional.ofNullable(tier), phaseFilter,
                Optional.ofNullable(subscriptionId), after, pageSize(limit, InstanceQuery.MAX_LIMIT));
        long position = watches.position();
        Page<Instance> page = store.list(query);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("items", page.items().stream().map(InstanceView::instance).toList());
        tree.put("nextCursor", page.nextCursor().orElse(null));
        tree.put("resourceVersion", String.valueOf(position));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    /**
     * A soft delete: the instance stops and is purged after {@code grace} (default: its tier's), unless
     * undeleted meanwhile. {@code grace=0} purges at once (after the final backup).
     */
    @Delete("/instances/{name}")
    MutableHttpResponse<byte[]> delete(String name, HttpRequest<?> request,
                                       @Nullable @QueryValue("grace") String graceParam) {
        InstanceName parsed = parseName(name);
        Instance instance = store.requestDeletion(parsed, precondition(request), BearerAuthFilter.actor(request),
                grace.forRequest(graceParam));
        return withEtag(Representation.respond(HttpStatus.ACCEPTED, InstanceView.instance(instance), request),
                instance);
    }

    /** Brings a soft-deleted instance back before its purge; a live instance is answered as it is. */
    @Post("/instances/{name}/undelete")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, "*/*"})
    MutableHttpResponse<byte[]> undelete(String name, HttpRequest<?> request) {
        WriteResult result = store.undelete(parseName(name), BearerAuthFilter.actor(request));
        return withEtag(Representation.respond(HttpStatus.OK, InstanceView.instance(result.instance()), request),
                result.instance());
    }

    @Get("/instances/{name}/events")
    MutableHttpResponse<byte[]> events(String name, HttpRequest<?> request, @Nullable @QueryValue String limit,
                                       @Nullable @QueryValue String before) {
        return eventsPage(store.events(parseName(name), beforeEvent(before), pageSize(limit, 1000)), request);
    }

    /** The {@code before} cursor of an events listing: the id of the last event of the previous page. */
    static OptionalLong beforeEvent(String before) {
        if (before == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(before));
        } catch (NumberFormatException e) {
            throw badParameter("before", "must be an event id");
        }
    }

    /** A page of an audit trail as the API answers it. */
    static MutableHttpResponse<byte[]> eventsPage(Page<Event> page, HttpRequest<?> request) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("items", page.items().stream().map(InstanceView::event).toList());
        tree.put("nextCursor", page.nextCursor().orElse(null));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    @Post("/instances/{name}/reconcile")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, "*/*"})
    MutableHttpResponse<byte[]> reconcile(String name, HttpRequest<?> request) {
        Instance instance = store.requestReconcile(parseName(name), BearerAuthFilter.actor(request));
        return withEtag(Representation.respond(HttpStatus.ACCEPTED, InstanceView.instance(instance), request),
                instance);
    }

    private static InstanceName parseName(String name) {
        if (InstanceName.problem(name).isPresent()) {
            throw notFound(name);
        }
        return new InstanceName(name);
    }

    private static ProblemException notFound(String name) {
        return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such instance",
                "instance " + name + " does not exist"));
    }

    static ProblemException badParameter(String field, String message) {
        return new ProblemException(new Problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad query parameter",
                field + ": " + message, List.of(new FieldError(field, message))));
    }

    static int pageSize(String limit, int max) {
        if (limit == null) {
            return Math.min(DEFAULT_PAGE, max);
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw badParameter("limit", "must be a whole number from 1 to " + max);
    }

    private static InstanceName decodeCursor(String cursor) {
        try {
            String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (InstanceName.problem(name).isEmpty()) {
                return new InstanceName(name);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw badParameter("cursor", "is not a cursor this API returned");
    }

    /** If-Match (a quoted resource version, or *) and If-None-Match: *. */
    private static Precondition precondition(HttpRequest<?> request) {
        Optional<String> ifNoneMatch = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH, String.class);
        if (ifNoneMatch.isPresent()) {
            if (!ifNoneMatch.get().trim().equals("*")) {
                throw badParameter("If-None-Match", "only * is supported (create, never replace)");
            }
            return new Precondition(OptionalLong.empty(), true);
        }
        Optional<String> ifMatch = request.getHeaders().get(HttpHeaders.IF_MATCH, String.class);
        if (ifMatch.isEmpty() || ifMatch.get().trim().equals("*")) {
            return Precondition.NONE;
        }
        String value = ifMatch.get().trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Precondition.ifMatch(Long.parseLong(value));
        } catch (NumberFormatException e) {
            // An ETag we never issued cannot match the current one.
            return Precondition.ifMatch(-1);
        }
    }

    private static MutableHttpResponse<byte[]> withEtag(MutableHttpResponse<byte[]> response, Instance instance) {
        return response.header(HttpHeaders.ETAG, InstanceView.etag(instance));
    }
}
