package chat.mindroom.operator.store;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.Condition;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A purged instance as it was last recorded: kept for the audit trail, with no secret. */
public record DeletedInstance(
        UUID uid,
        String name,
        Map<String, Object> spec,
        long generation,
        Instant createdAt,
        Optional<Instant> deletionRequestedAt,
        Optional<Instant> purgeStartedAt,
        Instant purgedAt,
        Optional<String> host,
        List<Condition> conditions,
        List<String> urls) {

    public DeletedInstance {
        requireNonNull(uid, "uid is null");
        requireNonNull(name, "name is null");
        spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(deletionRequestedAt, "deletionRequestedAt is null");
        requireNonNull(purgeStartedAt, "purgeStartedAt is null");
        requireNonNull(purgedAt, "purgedAt is null");
        requireNonNull(host, "host is null");
        conditions = List.copyOf(conditions);
        urls = List.copyOf(urls);
    }
}
