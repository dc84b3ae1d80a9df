package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which notifications a status write causes, from the status before it and the one written.
 * Pure: the store calls it inside the transaction of the write.
 */
public final class StatusNotices {

    /**
     * What the instance row said before the write ({@code purgeAt} of a soft-deleted instance;
     * {@code readyGeneration} 0 while no generation was ever fully applied).
     */
    public record Before(Phase phase, List<String> urls, long observedGeneration, Optional<Instant> purgeAt,
                         long readyGeneration) {

        public Before(Phase phase, List<String> urls, long observedGeneration, Optional<Instant> purgeAt) {
            this(phase, urls, observedGeneration, purgeAt, 0);
        }

        public Before(Phase phase, List<String> urls, long observedGeneration) {
            this(phase, urls, observedGeneration, Optional.empty());
        }
    }

    private static final Set<Phase> GONE = EnumSet.of(Phase.Terminating, Phase.Deleting, Phase.Deleted);

    private StatusNotices() {
    }

    /** A full status write of a pass. */
    public static List<NewNotification> of(Before before, StatusUpdate after) {
        List<NewNotification> out = new ArrayList<>(phaseChange(before, after.phase()));
        if (after.phase() == Phase.Ready && (before.phase() != Phase.Ready || !before.urls().equals(after.urls()))) {
            out.add(new NewNotification(NewNotification.READY, Map.of("urls", after.urls())));
        }
        if (before.readyGeneration() == 0 && after.readyGeneration() > 0) {
            // The first Ready ever: provisioning finished, the credentials work. Which keys the
            // instance has is known only to the store, which fills them in with the values.
            out.add(NewNotification.credentials("initial", List.of()));
        }
        if (after.phase() == Phase.Failed && before.phase() != Phase.Failed) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("errorCode", after.errorCode().orElse(null));
            data.put("errorMessage", after.errorMessage().orElse(null));
            out.add(new NewNotification(NewNotification.FAILED, data));
        }
        if (after.phase() == Phase.Deleted && before.phase() != Phase.Deleted) {
            out.add(new NewNotification(NewNotification.PURGED, Map.of()));
        }
        // Differences found while applying a new generation (a first provisioning, an update) are the
        // change itself; drift is what a pass repairs on a generation that was already applied.
        if (!after.driftFields().isEmpty() && after.phase() != Phase.Deleted && after.phase() != Phase.Deleting
                && after.phase() != Phase.Terminating
                && before.observedGeneration() == after.observedGeneration()) {
            out.add(new NewNotification(NewNotification.DRIFT_REPAIRED, Map.of("fields", after.driftFields())));
        }
        return out;
    }

    /** A progress write: only the phase can change. */
    public static List<NewNotification> ofProgress(Before before, Phase phase) {
        return phaseChange(before, phase);
    }

    private static List<NewNotification> phaseChange(Before before, Phase phase) {
        if (before.phase() == phase) {
            return List.of();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("phase", phase.name());
        data.put("previousPhase", before.phase().name());
        List<NewNotification> out = new ArrayList<>();
        out.add(new NewNotification(NewNotification.PHASE_CHANGED, data));
        if (GONE.contains(phase) && !GONE.contains(before.phase())) {
            // The first status write after a DELETE: Terminating, or straight to the purge (no grace).
            out.add(new NewNotification(NewNotification.DELETED, before.purgeAt().<Map<String, Object>>map(
                    at -> Map.of("purgeAt", at.toString())).orElse(Map.of())));
        }
        return out;
    }
}
