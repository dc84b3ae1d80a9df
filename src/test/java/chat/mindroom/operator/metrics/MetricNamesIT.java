package chat.mindroom.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.RunningOperator;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules and the Grafana dashboard use exists in the operator's /prometheus
 * output, so renaming a metric cannot silently break an alert or a panel.
 */
class MetricNamesIT {

    private static final Pattern METRIC = Pattern.compile("\\bmindroom_[a-z_]+");

    private static Set<String> referenced(Path file) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void everyMetricOfTheAlertsAndTheDashboardIsExported() throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        Set<String> wanted = new TreeSet<>(referenced(root.resolve("deploy/prometheus/alerts.yml")));
        wanted.addAll(referenced(root.resolve("deploy/grafana/dashboards/mindroom-operator.json")));
        assertThat(wanted).hasSizeGreaterThanOrEqualTo(10);

        try (RunningOperator operator = RunningOperator.start(Map.of(
                "operator.reconcile.enabled", true, "operator.reconcile.resync-interval", "1s"))) {
            operator.put("/api/v1/instances/metrics", "{\"tier\":\"free\"}");
            String exported = "";
            for (int i = 0; i < 200; i++) {
                exported = operator.send(HttpRequest.newBuilder(operator.uri("/prometheus")).GET().build()).body();
                if (exported.contains("mindroom_convergence_seconds_bucket") && exported.contains("mindroom_hosts_up")
                        && exported.contains("mindroom_instances{")) {
                    break;
                }
                Thread.sleep(100);
            }
            Set<String> present = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^(mindroom_[a-z_]+)").matcher(exported);
            while (m.find()) {
                present.add(m.group(1));
            }
            for (String name : wanted) {
                boolean found = present.contains(name) || present.contains(name + "_bucket");
                assertThat(found).as(name + " is referenced by an alert or panel; exported: " + present).isTrue();
            }
        }
    }
}
