package chat.mindroom.operator.backup;

import chat.mindroom.operator.template.BackupPolicy;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which complete backups a tier's policy keeps: the newest {@code keep}, plus the newest of each of
 * the {@code keepDaily} most recent UTC days that have one. Everything else complete is removed;
 * running and failed attempts are never counted and never kept in place of a complete one.
 */
public final class Retention {

    private Retention() {
    }

    /** The complete backups to delete, from {@code backups} in any order. */
    public static List<BackupRecord> expired(List<BackupRecord> backups, BackupPolicy policy) {
        List<BackupRecord> complete = new ArrayList<>(backups.stream().filter(BackupRecord::complete).toList());
        complete.sort(Comparator.comparing(BackupRecord::startedAt).reversed());
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < Math.min(policy.keep(), complete.size()); i++) {
            kept.add(complete.get(i).id());
        }
        Set<LocalDate> days = new LinkedHashSet<>();
        for (BackupRecord b : complete) {
            LocalDate day = LocalDate.ofInstant(b.startedAt(), ZoneOffset.UTC);
            if (days.size() < policy.keepDaily() && days.add(day)) {
                kept.add(b.id());
            }
        }
        return complete.stream().filter(b -> !kept.contains(b.id())).toList();
    }
}
