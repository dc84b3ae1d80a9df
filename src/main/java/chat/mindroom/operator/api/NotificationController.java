package chat.mindroom.operator.api;

import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.Notification;
import chat.mindroom.operator.store.Page;
import chat.mindroom.operator.store.jdbi.JdbiNotificationHistory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Status notifications: the list with delivery attempts (read scope) and re-sending one (write scope). */
@Controller("/api/v1/notifications")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class NotificationController {

    private static final int MAX_PAGE = 500;
    private static final Pattern ID = Pattern.compile("^msg_[0-9a-f]{32}$");

    private final JdbiNotificationHistory history;
    private final Clock clock;

    NotificationController(JdbiNotificationHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Get
    MutableHttpResponse<byte[]> list(HttpRequest<?> request, @Nullable @QueryValue String instance,
                                     @Nullable @QueryValue String limit, @Nullable @QueryValue String before) {
        if (instance != null && InstanceName.problem(instance).isPresent()) {
            throw bad("instance", "is not an instance name");
        }
        long beforeSequence = Long.MAX_VALUE;
        if (before != null) {
            try {
                beforeSequence = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw bad("before", "must be the nextCursor of a previous page");
            }
        }
        int size = 50;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > MAX_PAGE) {
                throw bad("limit", "must be a whole number from 1 to " + MAX_PAGE);
            }
        }
        Page<Notification> page = history.list(Optional.ofNullable(instance), beforeSequence, size);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("items", page.items().stream().map(NotificationView::notification).toList());
        tree.put("nextCursor", page.nextCursor().orElse(null));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    /** Makes the notification due again, now, for every endpoint that takes its type (same webhook-id). */
    @Post("/{id}/resend")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, "*/*"})
    MutableHttpResponse<byte[]> resend(String id, HttpRequest<?> request) {
        Notification n = (ID.matcher(id).matches() ? history.resend(id, clock.instant()) : Optional.<Notification>empty())
                .orElseThrow(() -> new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found",
                        "No such notification", "notification " + id + " does not exist")));
        return Representation.respond(HttpStatus.ACCEPTED, NotificationView.notification(n), request);
    }

    private static ProblemException bad(String field, String message) {
        return new ProblemException(new Problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad query parameter",
                field + ": " + message, List.of(new FieldError(field, message))));
    }
}
