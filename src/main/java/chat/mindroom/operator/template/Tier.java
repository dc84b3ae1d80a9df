package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One subscription tier of the catalog, with "all" already expanded.
 *
 * @param messagesPerDay empty means unlimited
 * @param storageGb      the data directory's size limit; empty means none is set
 * @param maxAgents      how many agents an instance of the tier may run
 * @param backups        the backup schedule and retention of the tier's instances
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
        BackupPolicy backups) {

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
    }
}
