package chat.mindroom.operator.api;

import chat.mindroom.operator.backup.BackupSettings;
import chat.mindroom.operator.backup.Backups;
import chat.mindroom.operator.spec.Condition;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.store.DeletedInstance;
import chat.mindroom.operator.store.DeletedInstances;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Purged instances, read-only: their last recorded state, audit trail and backups, by uid (the name
 * may belong to a new instance meanwhile).
 */
@Controller("/api/v1/deleted-instances")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class DeletedInstanceController {

    private final DeletedInstances deleted;
    private final Backups backups;
    private final Duration keepAfterPurge;

    DeletedInstanceController(DeletedInstances deleted, Backups backups, BackupSettings settings) {
        this.deleted = deleted;
        this.backups = backups;
        this.keepAfterPurge = settings.keepAfterPurge();
    }

    @Get
    MutableHttpResponse<byte[]> list(HttpRequest<?> request, @Nullable @QueryValue String name,
                                     @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        if (name != null && InstanceName.problem(name).isPresent()) {
            throw InstanceController.badParameter("name", "is not an instance name");
        }
        Page<DeletedInstance> page;
        try {
            page = deleted.list(Optional.ofNullable(name), Optional.ofNullable(cursor),
                    InstanceController.pageSize(limit, 500));
        } catch (IllegalArgumentException e) {
            throw InstanceController.badParameter("cursor", "is not a cursor this API returned");
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("items", page.items().stream().map(this::view).toList());
        tree.put("nextCursor", page.nextCursor().orElse(null));
        return Representation.respond(HttpStatus.OK, tree, request);
    }

    @Get("/{uid}")
    MutableHttpResponse<byte[]> get(String uid, HttpRequest<?> request) {
        DeletedInstance instance = deleted.find(parse(uid)).orElseThrow(() -> notFound(uid));
        return Representation.respond(HttpStatus.OK, view(instance), request);
    }

    @Get("/{uid}/events")
    MutableHttpResponse<byte[]> events(String uid, HttpRequest<?> request, @Nullable @QueryValue String limit,
                                       @Nullable @QueryValue String before) {
        UUID id = parse(uid);
        deleted.find(id).orElseThrow(() -> notFound(uid));
        return InstanceController.eventsPage(deleted.events(id, InstanceController.beforeEvent(before),
                InstanceController.pageSize(limit, 1000)), request);
    }

    @Get("/{uid}/backups")
    MutableHttpResponse<byte[]> backups(String uid, HttpRequest<?> request) {
        UUID id = parse(uid);
        deleted.find(id).orElseThrow(() -> notFound(uid));
        return Representation.respond(HttpStatus.OK, Map.of("items", backups.listOf(id).stream()
                .map(BackupController::view).toList()), request);
    }

    private Map<String, Object> view(DeletedInstance d) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("uid", d.uid().toString());
        tree.put("name", d.name());
        tree.put("generation", d.generation());
        tree.put("createdAt", d.createdAt().toString());
        tree.put("deletionRequestedAt", d.deletionRequestedAt().map(Instant::toString).orElse(null));
        tree.put("purgeStartedAt", d.purgeStartedAt().map(Instant::toString).orElse(null));
        tree.put("purgedAt", d.purgedAt().toString());
        tree.put("backupsKeptUntil", d.purgedAt().plus(keepAfterPurge).toString());
        tree.put("spec", d.spec());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("host", d.host().orElse(null));
        status.put("urls", d.urls());
        status.put("conditions", d.conditions().stream().map(Condition::toTree).toList());
        tree.put("lastStatus", status);
        return tree;
    }

    private static UUID parse(String uid) {
        try {
            if (uid.length() == 36) {
                return UUID.fromString(uid);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw notFound(uid);
    }

    private static ProblemException notFound(String uid) {
        return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such deleted instance",
                "no purged instance has uid " + uid));
    }
}
