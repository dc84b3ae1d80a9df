package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One subscription tier of the catalog, with "all" already expanded.
 *
 * @param messagesPerDay empty means unlimited
 * @param storageGb      the data directory's size limit; empty means none is set
 * @param maxAgents      how many agents an instance of the tier may run
 * @param backups        the backup schedule and retention of the tier's instances
 * @param deletionGrace  how long a deleted instance stays Terminating (stopped, data kept, can be
 *                       undeleted) before it is purged
 * @param approval       whether destructive steps of a spec edit or a purge wait for an approval of
 *                       the plan that carries them
 */
public record Tier(
        String name,
        String displayName,
        int memoryMb,
        BigDecimal cpu,
        List<String> agents,
        List<String> tools,
        List<String> models,
        Optional<Integer> messagesPerDay,
        boolean customDomains,
        boolean matrix,
        Optional<Integer> storageGb,
        int maxAgents,
        BackupPolicy backups,
        Duration deletionGrace,
        boolean approval) {

    /** What a tier without a {@code deletionGrace} entry gets. */
    public static final Duration DEFAULT_DELETION_GRACE = Duration.ofDays(7);

    public Tier {
        requireNonNull(name, "name is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(cpu, "cpu is null");
        agents = List.copyOf(agents);
        tools = List.copyOf(tools);
        models = List.copyOf(models);
        requireNonNull(messagesPerDay, "messagesPerDay is null");
        requireNonNull(storageGb, "storageGb is null");
        requireNonNull(backups, "backups is null");
        if (deletionGrace == null || deletionGrace.isNegative()) {
            throw new IllegalArgumentException("deletionGrace must not be negative");
        }
    }
}
