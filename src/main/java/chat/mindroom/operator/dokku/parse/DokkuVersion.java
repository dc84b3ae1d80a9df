package chat.mindroom.operator.dokku.parse;

/** A Dokku release number, comparable, with the feature gates the operator relies on. */
public record DokkuVersion(int major, int minor, int patch) implements Comparable<DokkuVersion> {

    /** The oldest Dokku the operator supports: uniform xargs argument parsing is 0.34+. */
    public static final DokkuVersion FLOOR = new DokkuVersion(0, 35, 0);

    public boolean atLeast(int major, int minor, int patch) {
        return compareTo(new DokkuVersion(major, minor, patch)) >= 0;
    }

    /** {@code domains:report} and {@code git:report} take {@code --format json} (0.38.0). */
    public boolean hasJsonDomainsReport() {
        return atLeast(0, 38, 0);
    }

    /** {@code storage:report --format json} exists (0.37.5); storage:list JSON is 0.29.3. */
    public boolean hasJsonStorageList() {
        return atLeast(0, 29, 3);
    }

    /**
     * Every report the host snapshot reads in bulk prints NDJSON without an app: apps, resource
     * (Go since 0.23.1), storage (0.37.5) and domains (0.38.0).
     */
    public boolean hasBulkJsonReports() {
        return hasJsonDomainsReport();
    }

    /** {@code apps:list --format json} (0.38.21). */
    public boolean hasJsonAppsList() {
        return atLeast(0, 38, 21);
    }

    /** {@code plugin:list --format json} (0.38.22). */
    public boolean hasJsonPluginList() {
        return atLeast(0, 38, 22);
    }

    public boolean supported() {
        return compareTo(FLOOR) >= 0;
    }

    @Override
    public int compareTo(DokkuVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
