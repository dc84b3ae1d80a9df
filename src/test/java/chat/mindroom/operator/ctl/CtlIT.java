package chat.mindroom.operator.ctl;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** mindroomctl end to end: the real entry point, in-process, against a running operator with a sandbox host. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CtlIT {

    private static final String TWO = """
            name: alpha
            spec:
              tier: starter
              account: acc_1
            ---
            name: beta
            spec: {tier: starter, account: acc_2}
            """;

    private static Fleet fleet;
    private static RunningOperator operator;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        fleet = new Fleet();
        fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), false, Map.of());
        dir = Files.createTempDirectory("mindroomctl");
    }

    @AfterAll
    static void stop() {
        operator.close();
        fleet.close();
    }

    static Map<String, String> env(String token) {
        return Map.of("MINDROOM_SERVER", operator.uri("").toString(), "MINDROOM_TOKEN", token,
                "MINDROOM_CONFIG", dir.resolve("absent.yaml").toString());
    }

    static CtlRun ctl(String... args) {
        return CtlRun.run(env(RunningOperator.WRITE_TOKEN), "", args);
    }

    private static Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static int events(String name) {
        return list(object(operator.get("/api/v1/instances/" + name + "/events").body()).get("items")).size();
    }

    @Test
    @Order(1)
    void applyCreatesThenChangesNothing() throws IOException {
        Path two = file("two.yaml", TWO);
        CtlRun first = ctl("apply", "-f", two.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("instance/alpha created\ninstance/beta created\n");
        assertThat(map(object(operator.get("/api/v1/instances/beta").body()).get("spec")))
                .containsEntry("account", "acc_2");
        CtlRun again = ctl("apply", "-f", two.toString());
        assertThat(again.out()).isEqualTo("instance/alpha unchanged\ninstance/beta unchanged\n");
        assertThat(events("alpha")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void dryRunAndDiffShowTheChangeWithoutWriting() throws IOException {
        Path changed = file("changed.yaml", TWO.replace("tier: starter, account: acc_2", "tier: professional, account: acc_2"));
        CtlRun dry = ctl("apply", "--dry-run", "-f", changed.toString());
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("instance/alpha unchanged", "instance/beta would be configured (dry run)",
                "- tier: starter", "+ tier: professional");
        CtlRun diff = ctl("diff", "-f", changed.toString());
        assertThat(diff.exit()).as(diff.toString()).isEqualTo(ExitCode.DIFFERENT);
        assertThat(diff.out()).contains("--- live/beta", "+++ file/beta", "- tier: starter", "+ tier: professional")
                .doesNotContain("live/alpha");
        assertThat(map(object(operator.get("/api/v1/instances/beta").body()).get("spec"))).containsEntry("tier", "starter");

        CtlRun stdin = CtlRun.run(env(RunningOperator.WRITE_TOKEN), YamlDocument.write(Map.of("items",
                List.of(Map.of("name", "beta", "spec", Map.of("tier", "professional", "account", "acc_2"))))),
                "apply", "-f", "-");
        assertThat(stdin.out()).isEqualTo("instance/beta configured\n");
        CtlRun none = ctl("diff", "-f", changed.toString());
        assertThat(none.exit()).as(none.toString()).isZero();
        assertThat(none.out()).isEmpty();
    }

    @Test
    @Order(3)
    void getListsAndPrintsEveryFormat() {
        CtlRun table = ctl("get", "instances");
        assertThat(table.exit()).as(table.toString()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0]).startsWith("NAME").contains("TIER", "PHASE", "HOST", "GENERATION", "READY");
        assertThat(lines[1]).startsWith("alpha").contains("starter", "Pending");
        assertThat(lines[2]).startsWith("beta").contains("professional");
        assertThat(ctl("get", "instances", "-o", "wide").out().split("\n")[0]).contains("ACCOUNT", "URLS");
        Map<String, Object> json = object(ctl("get", "instances", "-o", "json").out());
        assertThat(list(json.get("items"))).extracting(i -> map(i).get("name")).containsExactly("alpha", "beta");
        Object yaml = YamlDocument.parse(ctl("get", "instance", "beta", "-o", "yaml").out());
        assertThat(map(map(yaml).get("spec"))).containsEntry("tier", "professional");
    }

    @Test
    @Order(4)
    void describePlanReconcileHostsEvents() {
        CtlRun describe = ctl("describe", "instance", "alpha");
        assertThat(describe.exit()).as(describe.toString()).isZero();
        assertThat(describe.out()).contains("Name:         alpha", "Phase:        Pending", "Spec:", "tier: starter",
                "Conditions:", "Events:", "Created", "Next plan:");
        CtlRun plan = ctl("plan", "alpha");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("host dokku-1").contains("apps:create");
        assertThat(describe.out()).contains("apps:create");
        assertThat(ctl("reconcile", "alpha").out()).isEqualTo("instance/alpha reconcile requested\n");
        CtlRun hosts = ctl("hosts");
        assertThat(hosts.out().split("\n")[1]).startsWith("dokku-1").contains("true");
        CtlRun events = ctl("events", "--instance", "alpha");
        assertThat(events.out().split("\n")[1]).contains("alpha", "ReconcileRequested", "ci");
        CtlRun csv = ctl("events", "--reason", "SpecChanged", "-o", "csv");
        assertThat(csv.out().split("\r\n")).hasSize(2);
        assertThat(csv.out()).contains(",beta,Normal,SpecChanged,ci,");
    }

    @Test
    @Order(5)
    void watchPrintsARowWhenAnInstanceChanges() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] exit = {-1};
        Thread watch = new Thread(() -> exit[0] = Mindroomctl.run(new String[] {"get", "instances", "--watch",
            "--interval", "1"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                InputStream.nullInputStream(), env(RunningOperator.WRITE_TOKEN)));
        watch.start();
        Await.until("the first listing", () -> out.toString(StandardCharsets.UTF_8).contains("beta"));
        assertThat(operator.put("/api/v1/instances/alpha", "{\"tier\":\"enterprise\",\"account\":\"acc_1\"}")
                .statusCode()).isEqualTo(200);
        Await.until("alpha's new row", () -> out.toString(StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.startsWith("alpha") && l.contains("enterprise")));
        watch.interrupt();
        watch.join(60_000);
        assertThat(exit[0]).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("NAME");
        assertThat(lines.stream().filter(l -> l.startsWith("beta"))).hasSize(1);
    }

    @Test
    @Order(6)
    void deleteSetsTheTombstone() {
        CtlRun delete = ctl("delete", "beta");
        assertThat(delete.exit()).as(delete.toString()).isZero();
        assertThat(object(operator.get("/api/v1/instances/beta").body()).get("deletionRequestedAt")).isNotNull();
    }
}
