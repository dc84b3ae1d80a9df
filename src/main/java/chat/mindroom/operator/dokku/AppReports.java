package chat.mindroom.operator.dokku;

import chat.mindroom.operator.dokku.HostSnapshot.AppSnapshot;
import chat.mindroom.operator.dokku.parse.DokkuOutput;
import chat.mindroom.operator.dokku.parse.ParsedReport;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The structure of apps read from Dokku's reports ({@code apps:report}, {@code resource:report},
 * {@code domains:report} and the app's mounts): one parse for per-app and bulk reads.
 */
final class AppReports {

    private AppReports() {
    }

    /** The structural facts of one app, from its reports. */
    static AppSnapshot structure(ParsedReport apps, ParsedReport resource, ParsedReport domains,
                                 List<DokkuOutput.StorageMount> mounts) {
        TreeSet<String> vhosts = new TreeSet<>();
        for (String v : domains.getOrEmpty("app-vhosts").split("\\s+")) {
            if (!v.isBlank()) {
                vhosts.add(v.toLowerCase(Locale.ROOT));
            }
        }
        String image = apps.getOrEmpty("deploy-source-metadata");
        return new AppSnapshot(DokkuOutput.defaultLimit(resource, "memory"), DokkuOutput.defaultLimit(resource, "cpu"),
                vhosts, !"false".equals(domains.getOrEmpty("app-enabled")), mounts, apps.getOrEmpty("deploy-source"),
                image.isEmpty() ? Optional.empty() : Optional.of(image));
    }

    /**
     * Every app's structure from the lines of the bulk reports, which carry no app name: line i is
     * the i-th of the sorted {@code apps}. Empty when the line counts differ from the app count or an
     * {@code apps:report} line is for another app's directory.
     */
    static Optional<SortedMap<String, AppSnapshot>> lineUp(List<String> apps, List<String> appLines,
            List<String> resourceLines, List<String> domainLines, List<String> storageLines) {
        int n = apps.size();
        if (appLines.size() != n || resourceLines.size() != n || domainLines.size() != n || storageLines.size() != n) {
            return Optional.empty();
        }
        SortedMap<String, AppSnapshot> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String app = apps.get(i);
            ParsedReport report = ParsedReport.json("app", appLines.get(i));
            if (!report.getOrEmpty("dir").endsWith("/" + app)) {
                return Optional.empty();
            }
            out.put(app, structure(report, ParsedReport.json("resource", resourceLines.get(i)),
                    ParsedReport.json("domains", domainLines.get(i)),
                    DokkuOutput.storageReportMounts(ParsedReport.json("storage", storageLines.get(i)))));
        }
        return Optional.of(out);
    }
}
