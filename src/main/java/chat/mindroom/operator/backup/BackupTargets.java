package chat.mindroom.operator.backup;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.template.BackupPolicy;
import chat.mindroom.operator.template.DesiredApp;
import chat.mindroom.operator.template.DesiredService;
import chat.mindroom.operator.template.DesiredState;
import chat.mindroom.operator.template.Mount;
import chat.mindroom.operator.template.Renderer;
import chat.mindroom.operator.template.TierCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import chat.mindroom.operator.spec.MatrixSpec;
import java.util.Set;

/** What a backup of an instance reads, and a restore writes, worked out from its spec. */
public final class BackupTargets {

    /** One data-carrying part: a service, or a mounted directory read through one app that mounts it. */
    public record Target(String part, String kind, String service, String app, String directory) {

        public String source() {
            return kind.equals("volume") ? app + ":" + directory : service;
        }
    }

    /** An instance's parts, the apps to stop around a restore, and its tier's policy. */
    public record Plan(String host, String tier, BackupPolicy policy, Optional<String> release, List<String> apps,
                       List<Target> targets) {
    }

    private final SpecReader reader;
    private final Renderer renderer;
    private final TierCatalog tiers;

    public BackupTargets(SpecReader reader, Renderer renderer, TierCatalog tiers) {
        this.reader = reader;
        this.renderer = renderer;
        this.tiers = tiers;
    }

    /** The tier's policy of a stored instance; the default one if its spec no longer reads. */
    public BackupPolicy policy(Instance instance) {
        return instance.tier().flatMap(t -> tiers.all().containsKey(t) ? Optional.of(tiers.get(t).backups())
                : Optional.empty()).orElse(BackupPolicy.DEFAULT);
    }

    public Plan plan(Instance instance) {
        return plan(instance, Optional.empty());
    }

    /**
     * The parts of a backup that may read only {@code objects} (apps and services provably the
     * instance's own) when given: then everything the instance may own counts, Matrix included
     * even if the spec turned it off (a backup before removing it must hold its data), and parts
     * whose service or reading app is not among them are left out.
     */
    public Plan plan(Instance instance, Optional<Set<String>> objects) {
        String host = instance.status().host().orElseThrow(() -> new OperatorException(ErrorCode.CONFLICT,
                "instance " + instance.name() + " is not placed on a host yet; there is nothing to back up"));
        InstanceSpec spec = reader.read(instance.spec()).spec().orElseThrow(() -> new OperatorException(
                ErrorCode.CONFLICT, "instance " + instance.name() + " has a spec that no longer reads; fix it first"));
        DesiredState desired = renderer.render(instance.name(), objects.isEmpty() ? spec
                : spec.withMatrix(new MatrixSpec(true, spec.matrix().server())));
        List<Target> targets = new ArrayList<>();
        for (DesiredService s : desired.services().values()) {
            if (objects.isPresent() && !objects.get().contains(s.name())) {
                continue;
            }
            String kind = s.kind().key();
            targets.add(new Target(s.kind() == ServiceKind.POSTGRES ? "postgres-" + s.name() : "redis-" + s.name(),
                    kind, s.name(), null, null));
        }
        Map<String, Mount> volumes = new LinkedHashMap<>();
        Map<String, String> readers = new LinkedHashMap<>();
        for (DesiredApp app : desired.apps().values()) {
            if (objects.isPresent() && !objects.get().contains(app.name())) {
                continue;
            }
            for (Mount m : app.mounts()) {
                if (volumes.putIfAbsent(m.hostPath(), m) == null) {
                    readers.put(m.hostPath(), app.name());
                }
            }
        }
        volumes.forEach((hostPath, m) -> targets.add(new Target("volume-" + hostPath.substring(
                hostPath.lastIndexOf('/') + 1), "volume", null, readers.get(hostPath), m.containerPath())));
        return new Plan(host, spec.tier(), policy(instance), spec.release(), List.copyOf(desired.apps().keySet()),
                targets);
    }
}
