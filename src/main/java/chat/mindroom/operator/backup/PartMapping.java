package chat.mindroom.operator.backup;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where each part of a backup goes in the instance it is restored into: the part of the same kind
 * in the same place, names sorted (services and volumes are named from the same template for every
 * instance, so {@code volume-mr-a} and {@code volume-mr-a-matrix} of instance {@code a} go to
 * {@code volume-mr-b} and {@code volume-mr-b-matrix} of a clone {@code b}). A backup whose parts do
 * not all have a place is refused before anything is touched.
 */
final class PartMapping {

    /** A backup part and the service or volume of the target instance it is written into. */
    record Assignment(BackupPart part, BackupTargets.Target into) {
    }

    private PartMapping() {
    }

    static List<Assignment> assign(List<BackupPart> parts, List<BackupTargets.Target> targets) {
        List<Assignment> out = new ArrayList<>();
        for (String kind : List.of("postgres", "redis", "volume")) {
            List<BackupPart> from = parts.stream().filter(p -> p.kind().equals(kind))
                    .sorted(Comparator.comparing(BackupPart::part)).toList();
            List<BackupTargets.Target> to = targets.stream().filter(t -> t.kind().equals(kind))
                    .sorted(Comparator.comparing(BackupTargets.Target::part)).toList();
            if (from.size() > to.size()) {
                throw new OperatorException(ErrorCode.CONFLICT, "the backup has " + from.size() + " " + kind
                        + " parts (" + String.join(", ", from.stream().map(BackupPart::part).toList())
                        + ") but the instance only " + to.size() + " (" + String.join(", ",
                        to.stream().map(BackupTargets.Target::part).toList()) + "); nothing was changed");
            }
            for (int i = 0; i < from.size(); i++) {
                out.add(new Assignment(from.get(i), to.get(i)));
            }
        }
        return out;
    }
}
