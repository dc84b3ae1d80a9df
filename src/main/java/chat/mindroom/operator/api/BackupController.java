package chat.mindroom.operator.api;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.backup.BackupPart;
import chat.mindroom.operator.backup.BackupRecord;
import chat.mindroom.operator.backup.Backups;
import chat.mindroom.operator.backup.Restorer;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Backups of an instance: list them (read scope), take one now and restore one (write scope). Taking
 * and restoring answer 202 at once; the work goes on in the background and shows in the list, the
 * instance's status (phase {@code Restoring}, condition {@code Restored}) and its events.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT, MediaTypes.PROBLEM})
final class BackupController {

    private final Backups backups;
    private final Restorer restorer;
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup-api");
        t.setDaemon(true);
        return t;
    });

    BackupController(Backups backups, Restorer restorer) {
        this.backups = backups;
        this.restorer = restorer;
    }

    @Get("/instances/{name}/backups")
    MutableHttpResponse<byte[]> list(String name, HttpRequest<?> request) {
        List<Map<String, Object>> items = backups.list(parse(name)).stream().map(BackupController::view).toList();
        return Representation.respond(HttpStatus.OK, Map.of("items", items), request);
    }

    @Post("/instances/{name}/backups")
    MutableHttpResponse<byte[]> take(String name, HttpRequest<?> request) {
        Backups.Started started = backups.start(parse(name), "requested by " + BearerAuthFilter.actor(request))
                .orElseThrow(() -> new OperatorException(ErrorCode.CONFLICT, "a backup of instance " + name
                        + " is running now; it appears in the list when it ends"));
        work.execute(() -> backups.run(started));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", started.id());
        body.put("status", "running");
        return Representation.respond(HttpStatus.ACCEPTED, body, request)
                .header(HttpHeaders.LOCATION, "/api/v1/instances/" + name + "/backups");
    }

    @Post("/instances/{name}/restore")
    @Consumes({MediaTypes.JSON, MediaTypes.YAML, MediaTypes.YAML_X, MediaTypes.YAML_TEXT})
    MutableHttpResponse<byte[]> restore(String name, HttpRequest<?> request, @Nullable @Body byte[] body)
            throws InterruptedException {
        if (body != null && body.length > 4096) {
            throw new ProblemException(Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "Request Entity Too Large", "a restore request is at most 4096 bytes"));
        }
        Object document = Representation.parseBody(request, body);
        if (!(document instanceof Map<?, ?> map) || !(map.get("backup") instanceof String id) || id.isBlank()) {
            throw invalid("backup", "required, the id of a complete backup");
        }
        if (map.keySet().stream().anyMatch(k -> !k.equals("backup") && !k.equals("from"))) {
            throw invalid("body", "only backup and from are allowed");
        }
        Object from = map.get("from");
        if (from instanceof String uid && Restorer.UID.matcher(uid.toLowerCase(Locale.ROOT)).matches()) {
            from = uid.toLowerCase(Locale.ROOT);
        }
        if (from != null && (!(from instanceof String source) || (InstanceName.problem(source).isPresent()
                && !Restorer.UID.matcher(source).matches()))) {
            throw invalid("from", "the name or uid of the instance the backup was taken of (to clone its data)");
        }
        Restorer.Started started = restorer.begin(parse(name), id, Optional.ofNullable((String) from));
        work.execute(() -> restorer.run(started));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backup", id);
        out.put("phase", "Restoring");
        return Representation.respond(HttpStatus.ACCEPTED, out, request)
                .header(HttpHeaders.LOCATION, "/api/v1/instances/" + name);
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed",
                "Invalid restore request", field + ": " + message,
                List.of(new FieldError(field, message))));
    }

    private static InstanceName parse(String name) {
        if (InstanceName.problem(name).isPresent()) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such instance",
                    "instance " + name + " does not exist"));
        }
        return new InstanceName(name);
    }

    static Map<String, Object> view(BackupRecord b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", b.id());
        out.put("instance", b.instance());
        b.instanceUid().ifPresent(uid -> out.put("instanceUid", uid.toString()));
        out.put("status", b.status());
        out.put("usable", b.complete());
        out.put("reason", b.reason());
        out.put("startedAt", b.startedAt().toString());
        b.finishedAt().ifPresent(t -> out.put("finishedAt", t.toString()));
        out.put("tier", b.tier());
        out.put("generation", b.generation());
        out.put("release", b.release().orElse(null));
        b.host().ifPresent(h -> out.put("host", h));
        out.put("storage", b.storage());
        out.put("sizeBytes", b.sizeBytes());
        b.error().ifPresent(e -> out.put("error", e));
        out.put("parts", b.parts().stream().map(BackupController::part).toList());
        return out;
    }

    private static Map<String, Object> part(BackupPart p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.part());
        out.put("kind", p.kind());
        out.put("source", p.source());
        out.put("location", p.location());
        out.put("sizeBytes", p.sizeBytes());
        out.put("sha256", p.sha256());
        return out;
    }
}
