package chat.mindroom.operator.api;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.backup.BackupRecord;
import chat.mindroom.operator.backup.Backups;
import chat.mindroom.operator.config.OperatorSettings;
import chat.mindroom.operator.document.Excerpt;
import chat.mindroom.operator.spec.FieldError;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.InstanceStore;
import chat.mindroom.operator.template.Templates;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a request document may become an instance's spec: the name, every field rule of
 * {@link SpecReader} against the tier catalog, and domains not already claimed by another instance.
 * Collects every failing field before answering, so one response lists them all (up to
 * {@value #MAX_LISTED_ERRORS}, with the total in the message).
 */
@Singleton
final class SpecAdmission {

    /** A document with thousands of unknown keys gets a short answer, not one line per key. */
    static final int MAX_LISTED_ERRORS = 20;

    private final SpecReader reader;
    private final InstanceStore store;
    private final Backups backups;

    SpecAdmission(Templates templates, OperatorSettings settings, InstanceStore store, Backups backups) {
        this.reader = new SpecReader(templates.tiers(), settings.baseDomain());
        this.store = store;
        this.backups = backups;
    }

    /** The admitted spec; otherwise an INVALID_SPEC {@link OperatorException} listing every failing field. */
    InstanceSpec admit(String rawName, Object document) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> nameProblem = InstanceName.problem(rawName);
        nameProblem.ifPresent(p -> errors.add(new FieldError("name", Excerpt.of(rawName) + " " + p)));
        SpecReader.Result result = reader.read(document);
        errors.addAll(result.errors());
        if (result.spec().isPresent() && nameProblem.isEmpty()) {
            InstanceSpec spec = result.spec().get();
            Map<String, String> owners = store.domainOwners(spec.domains(), new InstanceName(rawName));
            List<String> requested = domainsAsWritten(document);
            owners.forEach((domain, owner) -> errors.add(new FieldError(
                    "domains[" + Math.max(0, requested.indexOf(domain)) + "]",
                    "'" + domain + "' is already used by instance " + owner)));
            restoreFrom(new InstanceName(rawName), spec, errors);
        }
        if (!errors.isEmpty()) {
            String summary = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
            if (errors.size() > MAX_LISTED_ERRORS) {
                summary += "; the first " + MAX_LISTED_ERRORS + " are listed";
            }
            throw new OperatorException(ErrorCode.INVALID_SPEC, summary,
                    errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS)));
        }
        return result.spec().orElseThrow();
    }

    /**
     * A clone's source: a complete backup, named when the instance is created (adding or changing it
     * later would overwrite a live instance's data; a restore is {@code POST .../restore}).
     */
    private void restoreFrom(InstanceName name, InstanceSpec spec, List<FieldError> errors) {
        Optional<Instance> existing = store.find(name);
        Object stored = existing.map(i -> i.spec().get("restoreFrom")).orElse(null);
        if (existing.isPresent() && !Objects.equals(stored, spec.restoreFrom().orElse(null))) {
            errors.add(new FieldError("restoreFrom", "can only be given when the instance is created (it is "
                    + (stored == null ? "not set" : stored) + "); to bring back a backup into a live instance,"
                    + " POST .../restore"));
            return;
        }
        if (spec.restoreFrom().isPresent() && existing.isEmpty()) {
            String id = spec.restoreFrom().get();
            Optional<BackupRecord> backup = backups.find(id);
            if (backup.isEmpty()) {
                errors.add(new FieldError("restoreFrom", "no backup " + id + " exists"));
            } else if (!backup.get().complete()) {
                errors.add(new FieldError("restoreFrom", "backup " + id + " is " + backup.get().status()
                        + "; only a complete backup can be restored"));
            }
        }
    }

    private static List<String> domainsAsWritten(Object document) {
        if (document instanceof Map<?, ?> map && map.get("domains") instanceof List<?> list) {
            return list.stream().map(d -> String.valueOf(d).toLowerCase(Locale.ROOT)).toList();
        }
        return List.of();
    }
}
