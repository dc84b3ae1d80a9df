package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.spec.InstanceName;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last probe of each domain through its host's proxy answered, for the domains that did
 * not answer: the {@code Healthy} condition says so until a probe gets an answer again (an app can
 * run, as far as Dokku knows, and still not answer: hung, or listening on the wrong port).
 */
final class ProbeResults {

    /** A domain that did not answer: {@code answer} is the HTTP status, or "nothing". */
    record Failure(String answer, String host, Instant at) {
    }

    private final Map<InstanceName, Map<String, Failure>> failing = new ConcurrentHashMap<>();

    void answered(InstanceName instance, String domain) {
        failing.computeIfPresent(instance, (name, domains) -> {
            domains.remove(domain);
            return domains.isEmpty() ? null : domains;
        });
    }

    void failed(InstanceName instance, String domain, Failure failure) {
        failing.compute(instance, (name, domains) -> {
            Map<String, Failure> next = domains == null ? new ConcurrentHashMap<>() : domains;
            next.put(domain, failure);
            return next;
        });
    }

    /** The instance's domains that did not answer at their last probe, by domain. */
    Map<String, Failure> failing(InstanceName instance) {
        Map<String, Failure> domains = failing.get(instance);
        return domains == null ? Map.of() : new TreeMap<>(domains);
    }

    void forget(InstanceName instance) {
        failing.remove(instance);
    }
}
