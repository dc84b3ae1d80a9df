package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

/** A bind mount of a host directory into an app's containers. */
public record Mount(String hostPath, String containerPath) implements Comparable<Mount> {

    public Mount {
        requireNonNull(hostPath, "hostPath is null");
        requireNonNull(containerPath, "containerPath is null");
    }

    /** {@code /host:/container}, the form {@code storage:mount} takes. */
    public String dokkuForm() {
        return hostPath + ":" + containerPath;
    }

    @Override
    public int compareTo(Mount other) {
        return dokkuForm().compareTo(other.dokkuForm());
    }
}
