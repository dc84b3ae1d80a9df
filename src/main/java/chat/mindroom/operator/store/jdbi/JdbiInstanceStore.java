package chat.mindroom.operator.store.jdbi;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.SpecDiff;
import chat.mindroom.operator.store.Event;
import chat.mindroom.operator.store.EventQuery;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.InstanceQuery;
import chat.mindroom.operator.store.InstanceStore;
import chat.mindroom.operator.store.Page;
import chat.mindroom.operator.store.Precondition;
import chat.mindroom.operator.store.WriteResult;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** {@link InstanceStore} on PostgreSQL through Jdbi. */
@Singleton
public final class JdbiInstanceStore implements InstanceStore {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int CREATE_ATTEMPTS = 3;
    /** The open end of an unbounded time range: timestamptz holds it, unlike OffsetDateTime.MAX. */
    private static final OffsetDateTime END_OF_TIME = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);

    private final Jdbi jdbi;

    public JdbiInstanceStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public WriteResult apply(InstanceName name, InstanceSpec spec, Precondition precondition, String actor) {
        String json = JsonDocument.writeString(spec.toTree());
        return translate(() -> jdbi.inTransaction(
                handle -> applyInTransaction(handle, name, spec, json, precondition, actor)));
    }

    static WriteResult applyInTransaction(Handle handle, InstanceName name, InstanceSpec spec, String json,
                                          Precondition precondition, String actor) {
        InstanceDao instances = handle.attach(InstanceDao.class);
        EventDao events = handle.attach(EventDao.class);
        Optional<Instance> current = instances.lock(name.value());
        if (spec.subscriptionId().isPresent()) {
            instances.subscriptionOwner(spec.subscriptionId().get(), name.value()).ifPresent(owner -> {
                throw subscriptionTaken(owner);
            });
        }
        for (int attempt = 0; current.isEmpty() && attempt < CREATE_ATTEMPTS; attempt++) {
            if (precondition.ifMatch().isPresent()) {
                throw new OperatorException(ErrorCode.PRECONDITION_FAILED,
                        "instance " + name + " does not exist, so If-Match cannot match");
            }
            Optional<Instance> created = instances.insert(name.value(), json);
            if (created.isPresent()) {
                Instance instance = created.get();
                events.append(name.value(), "Normal", "Created", "instance created with tier " + spec.tier(), actor,
                        instance.generation());
                return new WriteResult(WriteResult.Outcome.CREATED, instance);
            }
            current = instances.lock(name.value());
        }
        Instance existing = current.orElseThrow(() -> new OperatorException(ErrorCode.DATABASE_UNAVAILABLE,
                "instance " + name + " could neither be created nor found; retry"));
        if (precondition.mustNotExist()) {
            throw new OperatorException(ErrorCode.PRECONDITION_FAILED, "instance " + name + " already exists");
        }
        checkIfMatch(existing, precondition);
        if (existing.tombstoned()) {
            throw new OperatorException(ErrorCode.CONFLICT, "instance " + name + (existing.purging()
                    ? " is being purged; its name is free again once the purge ends"
                    : " is deleted and will be purged at " + existing.purgeAt().orElseThrow() + "; undelete it"
                    + " (POST /api/v1/instances/" + name + "/undelete) before changing its spec"));
        }
        Optional<Instance> updated = instances.updateSpec(name.value(), json);
        if (updated.isEmpty()) {
            return new WriteResult(WriteResult.Outcome.UNCHANGED, existing);
        }
        Instance instance = updated.get();
        events.append(name.value(), "Normal", "SpecChanged", "generation " + instance.generation() + ": "
                + SpecDiff.describe(existing.spec(), instance.spec()), actor, instance.generation());
        return new WriteResult(WriteResult.Outcome.UPDATED, instance);
    }

    private static void checkIfMatch(Instance existing, Precondition precondition) {
        OptionalLong ifMatch = precondition.ifMatch();
        if (ifMatch.isPresent() && ifMatch.getAsLong() != existing.resourceVersion()) {
            throw new OperatorException(ErrorCode.PRECONDITION_FAILED, "instance " + existing.name()
                    + " has changed: resource version is " + existing.resourceVersion() + ", If-Match was "
                    + ifMatch.getAsLong());
        }
    }

    @Override
    public Optional<Instance> find(InstanceName name) {
        return translate(() -> jdbi.withExtension(InstanceDao.class, dao -> dao.find(name.value())));
    }

    @Override
    public Page<Instance> list(InstanceQuery query) {
        List<Instance> rows = translate(() -> jdbi.withExtension(InstanceDao.class, dao -> dao.page(
                query.after().map(InstanceName::value).orElse(""),
                query.tier().orElse(null),
                query.phase().map(Enum::name).orElse(null),
                query.subscriptionId().orElse(null),
                query.limit() + 1)));
        if (rows.size() <= query.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<Instance> page = rows.subList(0, query.limit());
        return new Page<>(page, Optional.of(encodeCursor(page.get(page.size() - 1).name().value())));
    }

    private static OperatorException subscriptionTaken(String owner) {
        return new OperatorException(ErrorCode.CONFLICT, "subscriptionId is already used by instance " + owner,
                List.of(new FieldError("subscriptionId", "is already used by the live instance " + owner)));
    }

    @Override
    public Instance requestDeletion(InstanceName name, Precondition precondition, String actor,
                                    Function<Instance, Duration> grace) {
        return translate(() -> jdbi.inTransaction(handle -> {
            Instance existing = handle.attach(InstanceDao.class).lock(name.value()).orElseThrow(() -> notFound(name));
            return deleteInTransaction(handle, existing, precondition, actor, grace.apply(existing));
        }));
    }

    /**
     * Soft-deletes the locked {@code existing}: apps stop, data stays until the purge {@code grace}
     * from now. Idempotent; a repeated request with a shorter grace brings the purge forward.
     */
    static Instance deleteInTransaction(Handle handle, Instance existing, Precondition precondition, String actor,
                                        Duration grace) {
        checkIfMatch(existing, precondition);
        String name = existing.name().value();
        double seconds = grace.toMillis() / 1000.0;
        InstanceDao instances = handle.attach(InstanceDao.class);
        if (existing.tombstoned()) {
            Optional<Instance> advanced = instances.advancePurge(name, seconds);
            advanced.ifPresent(a -> handle.attach(EventDao.class).append(name, "Normal", "PurgeAdvanced",
                    "purge brought forward to " + a.purgeAt().orElseThrow(), actor, a.generation()));
            return advanced.orElse(existing);
        }
        Instance tombstoned = instances.tombstone(name, seconds).orElseThrow();
        handle.attach(EventDao.class).append(name, "Normal", "DeletionRequested", "deleted: apps stop and data is"
                + " kept until the purge at " + tombstoned.purgeAt().orElseThrow() + " (undelete brings it back);"
                + " then the reconciler will " + (backupOnDelete(existing) ? "back up the instance's data and " : "")
                + "destroy its apps and services", actor, tombstoned.generation());
        return tombstoned;
    }

    @Override
    public WriteResult undelete(InstanceName name, String actor) {
        return translate(() -> jdbi.inTransaction(handle -> {
            Instance existing = handle.attach(InstanceDao.class).lock(name.value()).orElseThrow(() -> notFound(name));
            return undeleteInTransaction(handle, existing, actor);
        }));
    }

    /** Clears the soft delete of the locked {@code existing}; a live instance is left as it is. */
    static WriteResult undeleteInTransaction(Handle handle, Instance existing, String actor) {
        if (!existing.tombstoned()) {
            return new WriteResult(WriteResult.Outcome.UNCHANGED, existing);
        }
        if (existing.purging()) {
            throw new OperatorException(ErrorCode.CONFLICT, "instance " + existing.name() + " cannot be undeleted:"
                    + " its purge began at " + existing.purgeStartedAt().get() + "; its backups stay listed under"
                    + " uid " + existing.uid());
        }
        Instance back = handle.attach(InstanceDao.class).undelete(existing.name().value()).orElseThrow();
        handle.attach(EventDao.class).append(existing.name().value(), "Normal", "Undeleted", "undeleted before the"
                + " purge at " + existing.purgeAt().orElseThrow() + ": apps start again with their data", actor,
                back.generation());
        return new WriteResult(WriteResult.Outcome.UPDATED, back);
    }

    private static boolean backupOnDelete(Instance instance) {
        return !Boolean.FALSE.equals(instance.spec().get("backupOnDelete"));
    }

    @Override
    public Instance requestReconcile(InstanceName name, String actor) {
        return translate(() -> jdbi.inTransaction(handle -> {
            Instance instance = handle.attach(InstanceDao.class).requestReconcile(name.value())
                    .orElseThrow(() -> notFound(name));
            handle.attach(EventDao.class).append(name.value(), "Normal", "ReconcileRequested",
                    "repair requested: the next pass re-reads the Dokku host and repairs any drift", actor,
                    instance.generation());
            return instance;
        }));
    }

    @Override
    public Page<Event> events(InstanceName name, OptionalLong beforeId, int limit) {
        return translate(() -> jdbi.withHandle(handle -> {
            if (handle.attach(InstanceDao.class).find(name.value()).isEmpty()) {
                throw notFound(name);
            }
            List<Event> rows = handle.attach(EventDao.class)
                    .page(name.value(), beforeId.orElse(Long.MAX_VALUE), limit + 1);
            if (rows.size() <= limit) {
                return new Page<>(rows, Optional.empty());
            }
            List<Event> page = rows.subList(0, limit);
            return new Page<>(page, Optional.of(String.valueOf(page.get(page.size() - 1).id())));
        }));
    }

    @Override
    public Page<Event> events(EventQuery query) {
        OffsetDateTime since = query.since().orElse(Instant.EPOCH).atOffset(ZoneOffset.UTC);
        OffsetDateTime until = query.until().map(u -> u.atOffset(ZoneOffset.UTC))
                .orElse(END_OF_TIME);
        List<Event> rows = translate(() -> jdbi.withExtension(EventDao.class, dao -> dao.search(
                query.instance().orElse(null), query.actor().orElse(null), query.reason().orElse(null),
                query.type().orElse(null), since, until, query.beforeId().orElse(Long.MAX_VALUE),
                query.limit() + 1)));
        if (rows.size() <= query.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<Event> page = rows.subList(0, query.limit());
        return new Page<>(page, Optional.of(String.valueOf(page.get(page.size() - 1).id())));
    }

    @Override
    public Map<String, String> domainOwners(Collection<String> domains, InstanceName except) {
        if (domains.isEmpty()) {
            return Map.of();
        }
        Map<String, String> owners = new TreeMap<>();
        translate(() -> jdbi.withExtension(InstanceDao.class, dao -> dao.domainOwners(new ArrayList<>(domains),
                except.value()))).forEach(owner -> owners.put(owner.domain(), owner.instanceName()));
        return owners;
    }

    /** The cursor that continues a name-ordered listing after {@code name}. */
    public static String encodeCursor(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static OperatorException notFound(InstanceName name) {
        return new OperatorException(ErrorCode.NOT_FOUND, "instance " + name + " does not exist");
    }

    static <T> T translate(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            SQLException sql = findSqlException(e);
            if (sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState()) && String.valueOf(sql.getMessage())
                    .contains("instance_domains_pkey")) {
                throw new OperatorException(ErrorCode.CONFLICT, "a domain of this spec was claimed by another"
                        + " instance at the same moment", List.of(new FieldError("domains",
                        "a domain is already used by another instance")));
            }
            if (sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState()) && String.valueOf(sql.getMessage())
                    .contains("instances_subscription_live_idx")) {
                throw new OperatorException(ErrorCode.CONFLICT, "the subscriptionId of this spec was claimed by"
                        + " another instance at the same moment", List.of(new FieldError("subscriptionId",
                        "is already used by another live instance")));
            }
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the database failed: "
                    + (sql != null ? sql.getSQLState() + " " + firstLine(sql.getMessage()) : e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static SQLException findSqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
