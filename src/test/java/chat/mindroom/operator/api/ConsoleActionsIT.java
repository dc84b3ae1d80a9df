package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.list;
import static chat.mindroom.operator.testing.Documents.map;
import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.sandbox.SandboxServer;
import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.ConsolePage;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The console's two actions on what waits for a person, in headless chromium against a running
 * operator: undeleting a soft-deleted instance before its purge, and approving the removals an
 * enterprise instance's tier holds (a plan that changed meanwhile is refused and shown again).
 * Both ask in a modal dialog first and are driven here by keyboard only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleActionsIT {

    private static Fleet fleet;
    private static SandboxServer sandbox;
    private static RunningOperator operator;
    private static ConsolePage console;

    @BeforeAll
    static void start() {
        fleet = new Fleet();
        sandbox = fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of());
        put("keep", "{\"tier\":\"starter\",\"account\":\"acc_k\"}");
        put("vault", "{\"tier\":\"enterprise\",\"account\":\"acc_v\",\"matrix\":{\"enabled\":true}}");
        awaitPhase("keep", "Ready");
        awaitPhase("vault", "Ready");
        Await.until("vault's Matrix app", () -> sandbox.state().appNames().contains("mr-vault-matrix"));
        // The test bed purges at once; a grace keeps "keep" Terminating until it is undeleted.
        assertThat(operator.delete("/api/v1/instances/keep?grace=1h").statusCode()).isEqualTo(202);
        awaitPhase("keep", "Terminating");
        // Turning Matrix off on an enterprise instance is a removal its tier holds for an approval.
        put("vault", "{\"tier\":\"enterprise\",\"account\":\"acc_v\"}");
        Await.until("vault's removal held", () -> "AwaitingApproval".equals(synced("vault").get("reason")));
        console = new ConsolePage(operator);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        operator.close();
        fleet.close();
    }

    private static void put(String name, String spec) {
        assertThat(operator.put("/api/v1/instances/" + name, spec).statusCode()).isBetween(200, 201);
    }

    private static Map<String, Object> instance(String name) {
        return instance(operator, name);
    }

    private static Map<String, Object> instance(RunningOperator on, String name) {
        return object(on.get("/api/v1/instances/" + name).body());
    }

    private static String phase(String name) {
        return phase(operator, name);
    }

    private static String phase(RunningOperator on, String name) {
        return String.valueOf(map(instance(on, name).get("status")).get("phase"));
    }

    private static void awaitPhase(String name, String phase) {
        awaitPhase(operator, name, phase);
    }

    private static void awaitPhase(RunningOperator on, String name, String phase) {
        Await.until(name + " " + phase + " in the API", () -> phase(on, name).equals(phase));
    }

    private static Map<String, Object> synced(String name) {
        return list(map(instance(name).get("status")).get("conditions")).stream().map(c -> map(c))
                .filter(c -> "Synced".equals(c.get("type"))).findFirst().orElse(Map.of());
    }

    private static String planHash(String name) {
        Object approval = object(operator.get("/api/v1/instances/" + name + "/plan").body()).get("approval");
        return approval == null ? "" : String.valueOf(map(approval).get("planHash"));
    }

    /** The hashes of plans that wait for an approval now, as the API lists them. */
    private static List<Object> waiting(String name) {
        return list(object(operator.get("/api/v1/instances/" + name + "/approvals").body()).get("items")).stream()
                .map(a -> map(a)).filter(a -> Boolean.FALSE.equals(a.get("approved"))).map(a -> a.get("planHash"))
                .toList();
    }

    private static void press(CharSequence key) {
        console.press(key);
    }

    /** Opens the confirmation from the button by keyboard, and confirms with Tab and Enter. */
    private static void confirmFrom(String button, String asked) {
        console.browser().findElement(By.id(button)).sendKeys(Keys.ENTER);
        Await.until("the confirmation dialog", console::dialogOpen);
        assertThat(console.seen("#confirm")).contains(asked);
        assertThat(console.focused()).as("focus starts on Cancel").isEqualTo("confirm-no");
        press(Keys.TAB);
        assertThat(console.focused()).isEqualTo("confirm-yes");
        press(Keys.ENTER);
    }

    @Test
    @Order(1)
    void aReadTokenSeesWhatWaitsButNeitherButton() {
        console.signIn(RunningOperator.READ_TOKEN);
        console.open("#/instances/keep");
        console.awaitSeen("the purge time", "#deletion", "It will be purged at");
        assertThat(console.seen("#deletion")).contains("Undeleting needs a write token");
        assertThat(console.shown("#undelete")).isFalse();
        console.open("#/instances/vault");
        console.awaitSeen("the held removal", "#approval-held", "apps:destroy --force mr-vault-matrix");
        assertThat(console.seen("#approval-hash")).isEqualTo(planHash("vault"));
        assertThat(console.seen("#approval")).contains("Approving needs a write token");
        assertThat(console.shown("#approve")).isFalse();
        assertThat(console.shown("#deletion")).isFalse();
        assertThat(console.scriptErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void aTerminatingInstanceShowsItsPurgeTimeAndIsUndeletedThroughTheButton() {
        String purgeAt = String.valueOf(instance("keep").get("purgeAt"));
        String shown = purgeAt.replace('T', ' ').replaceAll("(\\.\\d+)?Z$", " UTC");
        console.signIn(RunningOperator.WRITE_TOKEN);
        console.open("#/instances/keep");
        console.awaitSeen("the purge time", "#deletion-text", "It will be purged at " + shown + " (in ");
        assertThat(console.shown("#undelete")).isTrue();
        console.screenshot("undelete.png");
        assertThat(console.shown("#approval")).isFalse();

        // Escape in the dialog changes nothing, and the focus goes back to the button.
        console.browser().findElement(By.id("undelete")).sendKeys(Keys.ENTER);
        Await.until("the confirmation dialog", console::dialogOpen);
        press(Keys.ESCAPE);
        Await.until("the dialog closed", () -> !console.dialogOpen());
        assertThat(console.focused()).isEqualTo("undelete");
        assertThat(phase("keep")).isEqualTo("Terminating");

        confirmFrom("undelete", "Undelete keep?");
        console.awaitSeen("the undelete answered", "#action-result", "keep is undeleted");
        assertThat(console.seen("#action-problem")).isEmpty();
        awaitPhase("keep", "Ready");
        assertThat(instance("keep")).containsEntry("purgeAt", null).containsEntry("deletionRequestedAt", null);
        Await.until("the deletion notice gone", () -> !console.shown("#deletion"));
        console.awaitSeen("the undelete in the trail", "#events", "Undeleted");
        assertThat(console.scriptErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void heldRemovalsAreApprovedThroughTheButtonAndAChangedPlanIsReadAgain() {
        String first = planHash("vault");
        console.open("#/instances/vault");
        console.awaitSeen("the plan's hash", "#approval-hash", first);
        console.awaitSeen("the held step marked in the plan", "#plan-actions li[data-held]",
                "apps:destroy --force mr-vault-matrix");
        assertThat(console.seen("#plan-actions li[data-held]")).contains("held: awaiting approval");
        assertThat(console.seen("#approval")).contains("Removals held for an approval", "this removal");
        assertThat(console.contrastFailures()).isEmpty();

        // The dialog names the plan it approves; the spec changes while it is open.
        console.browser().findElement(By.id("approve")).sendKeys(Keys.ENTER);
        Await.until("the confirmation dialog", console::dialogOpen);
        assertThat(console.seen("#confirm")).contains(first, "apps:destroy --force mr-vault-matrix");
        assertThat(console.contrastFailures()).isEmpty();
        console.screenshot("approval.png");
        put("vault", "{\"tier\":\"enterprise\",\"account\":\"acc_v\",\"domains\":[\"chat.vault-co.com\"]}");
        Await.until("a new plan waits instead", () -> {
            List<Object> hashes = waiting("vault");
            return !hashes.isEmpty() && !hashes.contains(first);
        });
        assertThat(console.focused()).isEqualTo("confirm-no");
        press(Keys.TAB);
        press(Keys.ENTER);
        console.awaitSeen("the refusal's detail", "#action-problem", "waits for an approval");
        assertThat(console.seen("#action-problem")).contains("409", "planHash");
        String second = planHash("vault");
        assertThat(second).isNotEqualTo(first);
        console.awaitSeen("the plan read again", "#approval-hash", second);
        assertThat(sandbox.state().appNames()).as("nothing removed yet").contains("mr-vault-matrix");

        confirmFrom("approve", second);
        console.awaitSeen("the approval answered", "#action-result", "Plan " + second + " approved by ci");
        Await.until("the held removal ran", () -> !sandbox.state().appNames().contains("mr-vault-matrix"));
        Await.until("vault in sync", () -> "True".equals(synced("vault").get("status")));
        Await.until("the approval notice gone", () -> !console.shown("#approval"));
        console.awaitSeen("the approval in the trail", "#events", "Approved");
        assertThat(console.scriptErrors()).isEmpty();
    }

    /**
     * An operator whose purges wait an hour between their start and the first destruction (the
     * deletion settle; it would hold the removals above too, so it gets a fleet of its own).
     */
    @Test
    @Order(4)
    void anUndeleteOnceThePurgeBeganIsRefusedWithTheDetail() {
        try (Fleet slow = new Fleet()) {
            slow.sandbox("dokku-2", 10);
            try (RunningOperator op = slow.operator(TestDatabase.fresh(), true,
                    Map.of("operator.reconcile.deletion-settle", "1h"));
                 ConsolePage page = new ConsolePage(op)) {
                assertThat(op.put("/api/v1/instances/late", "{\"tier\":\"starter\",\"account\":\"acc_l\"}")
                        .statusCode()).isEqualTo(201);
                awaitPhase(op, "late", "Ready");
                assertThat(op.delete("/api/v1/instances/late?grace=1h").statusCode()).isEqualTo(202);
                awaitPhase(op, "late", "Terminating");
                page.signIn(RunningOperator.WRITE_TOKEN);
                page.open("#/instances/late");
                page.awaitSeen("the purge time", "#deletion-text", "It will be purged at");
                page.browser().findElement(By.id("undelete")).sendKeys(Keys.ENTER);
                Await.until("the confirmation dialog", page::dialogOpen);
                // While the person reads the question, someone brings the purge forward and it begins.
                assertThat(op.delete("/api/v1/instances/late?grace=0").statusCode()).isEqualTo(202);
                Await.until("the purge began", () -> instance(op, "late").get("purgeStartedAt") != null);
                page.press(Keys.TAB);
                page.press(Keys.ENTER);
                page.awaitSeen("the refusal's detail", "#action-problem", "cannot be undeleted: its purge began at");
                assertThat(page.seen("#action-problem")).contains("409");
                page.awaitSeen("the purge shown", "#deletion", "The purge began at");
                assertThat(page.shown("#undelete")).isFalse();
                assertThat(phase(op, "late")).isNotEqualTo("Ready");
                assertThat(page.scriptErrors()).isEmpty();
            }
        }
    }
}
