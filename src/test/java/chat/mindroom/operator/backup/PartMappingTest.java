package chat.mindroom.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.OperatorException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartMappingTest {

    private static BackupPart part(String name, String kind) {
        return new BackupPart(name, kind, "src", "loc/" + name, 1, "0".repeat(64));
    }

    private static final List<BackupTargets.Target> CLONE = List.of(
            new BackupTargets.Target("volume-mr-b-matrix", "volume", null, "mr-b-matrix", "/data"),
            new BackupTargets.Target("postgres-mr-b-db", "postgres", "mr-b-db", null, null),
            new BackupTargets.Target("volume-mr-b", "volume", null, "mr-b-backend", "/app/data"),
            new BackupTargets.Target("redis-mr-b-redis", "redis", "mr-b-redis", null, null));

    @Test
    void eachPartGoesToTheSameKindInTheSamePlaceOfTheClone() {
        List<PartMapping.Assignment> steps = PartMapping.assign(List.of(part("volume-mr-a", "volume"),
                part("volume-mr-a-matrix", "volume"), part("postgres-mr-a-db", "postgres"),
                part("redis-mr-a-redis", "redis")), CLONE);
        assertThat(steps).extracting(s -> s.part().part() + " -> " + s.into().source()).containsExactly(
                "postgres-mr-a-db -> mr-b-db", "redis-mr-a-redis -> mr-b-redis",
                "volume-mr-a -> mr-b-backend:/app/data", "volume-mr-a-matrix -> mr-b-matrix:/data");
    }

    @Test
    void aPartWithoutAPlaceRefusesTheWholeRestore() {
        List<BackupTargets.Target> noMatrix = CLONE.stream().filter(t -> !t.part().endsWith("matrix")).toList();
        assertThatThrownBy(() -> PartMapping.assign(List.of(part("volume-mr-a", "volume"),
                part("volume-mr-a-matrix", "volume")), noMatrix)).isInstanceOf(OperatorException.class)
                .hasMessageContaining("2 volume parts").hasMessageContaining("nothing was changed");
    }
}
