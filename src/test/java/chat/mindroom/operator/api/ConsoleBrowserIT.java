package chat.mindroom.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.ConsolePage;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web console in Debian's headless chromium against a running operator with a sandbox host:
 * what a person sees on the fleet page, a change arriving without a reload, the instance page, the
 * token kept out of the address and cookies, and a read token that cannot act.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static Fleet fleet;
    private static RunningOperator operator;
    private static ConsolePage console;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        fleet = new Fleet();
        fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of());
        put("alpha", "{\"tier\":\"starter\",\"account\":\"acc_1\"}", 201);
        put("beta", "{\"tier\":\"starter\",\"account\":\"acc_2\"}", 201);
        put("gamma", "{\"tier\":\"professional\",\"account\":\"acc_3\"}", 201);
        console = new ConsolePage(operator);
        browser = console.browser();
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        operator.close();
        fleet.close();
    }

    private static void put(String name, String spec, int status) {
        HttpResponse<String> response = operator.put("/api/v1/instances/" + name, spec);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private static String seen(String selector) {
        return console.seen(selector);
    }

    private static String phaseOf(String name) {
        return seen("#instances tr[data-name='" + name + "'] .phase");
    }

    private static void awaitSeen(String what, String selector, String text) {
        console.awaitSeen(what, selector, text);
    }

    /** Whether the server streams GET /api/v1/instances?watch=true; the console polls the list where it does not. */
    private static boolean serverHasWatch() throws IOException {
        HttpRequest request = operator.request("/api/v1/instances?watch=true")
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return response.statusCode() == 200
                        && response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void open(String fragment) {
        console.open(fragment);
    }

    @Test
    @Order(1)
    void thePageIsServedWithoutATokenUnderStrictHeaders() {
        HttpResponse<String> page = operator.send(HttpRequest.newBuilder(operator.uri("/console")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).contains("<main").doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContain("style=");
        HttpResponse<String> script = operator.send(
                HttpRequest.newBuilder(operator.uri("/console/live.js")).GET().build());
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(operator.send(HttpRequest.newBuilder(operator.uri("/console/../application.yml")).GET().build())
                .statusCode()).isEqualTo(404);
        assertThat(operator.send(HttpRequest.newBuilder(operator.uri("/console/logback.xml")).GET().build())
                .statusCode()).isEqualTo(404);
        // The page is open; the data behind it is not.
        assertThat(operator.send(HttpRequest.newBuilder(operator.uri("/api/v1/instances")).GET().build())
                .statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void theFleetPageShowsTheInstancesTheirPhasesAndTheCounts() throws IOException {
        open("#token=" + RunningOperator.WRITE_TOKEN);
        for (String name : List.of("alpha", "beta", "gamma")) {
            Await.until(name + " Ready on the fleet page", () -> phaseOf(name).equals("Ready"));
        }
        awaitSeen("the host's row", "#hosts tr[data-host='dokku-1']", "3 / 10");
        String expected = serverHasWatch() ? "live" : "polling";
        awaitSeen("the connection state", "#connection-text", expected);
        console.screenshot("fleet.png");

        assertThat(seen("#fleet-summary")).isEqualTo("3 instances on 1 host: 3 Ready, 0 Degraded or Failed, 0 other");
        assertThat(seen("#by-phase tr[data-key='Ready']")).isEqualTo("Ready\t3");
        assertThat(seen("#by-tier tr[data-key='starter']")).isEqualTo("starter\t2");
        assertThat(seen("#by-tier tr[data-key='professional']")).isEqualTo("professional\t1");
        assertThat(seen("#by-host tr[data-key='dokku-1']")).isEqualTo("dokku-1\t3");
        assertThat(seen("#instances tr[data-name='gamma']")).contains("gamma", "Ready", "professional", "dokku-1");
        assertThat(seen("#hosts tr[data-host='dokku-1']")).contains("Yes", "0.38.27", "off");
        assertThat(seen("#fleet-brake")).isEqualTo("Fleet-wide safety brake: off");
        assertThat(seen("#rollout")).contains("Rollout of operator revision latest+").contains("0 failed").doesNotContain("halted");
        assertThat(seen("main")).doesNotContain("null", "undefined", "NaN");
        assertThat(seen("#scope-text")).isEqualTo("Write access");

        assertThat(browser.getCurrentUrl()).doesNotContain(RunningOperator.WRITE_TOKEN).doesNotContain("token");
        assertThat(browser.executeScript("return document.cookie")).isEqualTo("");
        assertThat(browser.executeScript("return sessionStorage.getItem('mindroom.console.token')"))
                .isEqualTo(RunningOperator.WRITE_TOKEN);
        assertNoScriptErrors();
    }

    @Test
    @Order(3)
    void aPutChangesThePageLiveWithoutAReload() {
        open("#/");
        Await.until("the fleet page", () -> phaseOf("alpha").equals("Ready"));
        browser.executeScript("window.sameDocument = 'yes'");
        put("delta", "{\"tier\":\"free\",\"account\":\"acc_4\"}", 201);
        Await.until("delta appears and becomes Ready", () -> phaseOf("delta").equals("Ready"));
        put("alpha", "{\"tier\":\"starter\",\"account\":\"acc_1\",\"suspended\":true}", 200);
        Await.until("alpha shown Suspended", () -> phaseOf("alpha").equals("Suspended"));
        awaitSeen("the change announced to screen readers", "#announcer", "alpha is now Suspended");
        assertThat(seen("#by-phase tr[data-key='Suspended']")).isEqualTo("Suspended\t1");
        assertThat(seen("#by-phase tr[data-key='Ready']")).isEqualTo("Ready\t3");
        assertThat(seen("#instances tr[data-name='alpha'] .phase")).isEqualTo("Suspended");
        assertThat(browser.executeScript("return getComputedStyle(document.querySelector("
                + "\"#instances tr[data-name='alpha'] .phase\")).backgroundColor"))
                .isNotEqualTo(browser.executeScript("return getComputedStyle(document.querySelector("
                        + "\"#instances tr[data-name='gamma'] .phase\")).backgroundColor"));
        assertThat(browser.executeScript("return window.sameDocument")).isEqualTo("yes");

        browser.findElement(By.id("filter-phase")).sendKeys("Suspended");
        awaitSeen("the phase filter", "#filter-count", "1 of 4 instances match the filters");
        assertThat(browser.findElement(By.cssSelector("#instances tr[data-name='gamma']")).isDisplayed()).isFalse();
        browser.findElement(By.cssSelector("#filters button[type='reset']")).click();
        awaitSeen("the filters cleared", "#filter-count", "4 instances");
        assertNoScriptErrors();
    }

    @Test
    @Order(4)
    void theInstancePageIsReachedByKeyboardAndShowsConditionsEventsAndPlan() {
        open("#/");
        Await.until("the fleet page", () -> phaseOf("gamma").equals("Ready"));
        String target = "#/instances/gamma";
        for (int i = 0; i < 80 && !String.valueOf(browser.executeScript(
                "return document.activeElement.getAttribute('href')")).equals(target); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitSeen("the instance page", "#instance-title", "gamma");
        assertThat(browser.getCurrentUrl()).endsWith(target);
        assertThat(seen("#instance-status")).contains("Ready", "dokku-1");
        assertThat(seen("#conditions")).contains("Ready", "True");
        assertThat(seen("#instance-urls")).contains("gamma");
        awaitSeen("the audit trail", "#events", "Created");
        assertThat(seen("#events")).contains("ci");
        awaitSeen("the next plan", "#plan-summary", "Converged");
        assertThat(seen("#instance-drift")).contains("The host matches the spec now");
        assertThat(seen("#instance-spec")).contains("\"tier\": \"professional\"");
        assertThat(seen("#instance-view")).doesNotContain("undefined", "NaN");
        console.screenshot("instance.png");

        browser.findElement(By.id("reconcile")).click();
        awaitSeen("the reconcile answer", "#action-result", "Reconcile requested");
        awaitSeen("the reconcile in the events", "#events", "ReconcileRequested");
        assertNoScriptErrors();
    }

    @Test
    @Order(5)
    void aReadTokenSeesTheFleetButCannotAct() {
        browser.executeScript("sessionStorage.clear()");
        open("#token=" + RunningOperator.READ_TOKEN);
        awaitSeen("the read scope said", "#scope-text", "Read only");
        assertThat(seen("#scope-text")).contains("token 'viewer' has the read scope", "403");
        Await.until("the instances", () -> phaseOf("gamma").equals("Ready"));
        open("#/instances/gamma");
        awaitSeen("the instance page", "#instance-status", "dokku-1");
        assertThat(browser.findElement(By.id("reconcile")).isEnabled()).isFalse();
        assertThat(browser.getCurrentUrl()).doesNotContain(RunningOperator.READ_TOKEN);
        assertThat(browser.executeScript("return document.cookie")).isEqualTo("");
    }

    @Test
    @Order(6)
    void aTypedTokenIsCheckedAndABadOneIsRefusedWithTheProblemDetail() {
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        Await.until("the token form", () -> browser.findElement(By.id("token-input")).isDisplayed());
        browser.findElement(By.id("token-input")).sendKeys("not-a-token-at-all", Keys.ENTER);
        awaitSeen("the refusal", "#login-error", "the bearer token is not valid");
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        browser.findElement(By.id("token-input")).sendKeys(RunningOperator.WRITE_TOKEN, Keys.ENTER);
        Await.until("the fleet after a good token", () -> phaseOf("gamma").equals("Ready"));
        assertThat(browser.getCurrentUrl()).doesNotContain(RunningOperator.WRITE_TOKEN);
    }

    @Test
    @Order(7)
    void everyTextMeetsTheContrastMinimumInLightAndDarkMode() {
        open("#/");
        Await.until("the fleet page", () -> phaseOf("alpha").equals("Suspended"));
        awaitSeen("the hosts", "#hosts", "dokku-1");
        assertThat(console.contrastFailures()).isEmpty();
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        assertThat(browser.executeScript("return getComputedStyle(document.body).backgroundColor"))
                .isEqualTo("rgb(13, 17, 23)");
        assertThat(console.contrastFailures()).isEmpty();
    }

    @Test
    @Order(8)
    void aFilteredViewLivesInTheAddressSurvivesAReloadAndBackAndForwardStepThroughIt() {
        open("#/?phase=Ready&tier=starter");
        awaitSeen("the filters taken from the address", "#filter-count", "1 of 4 instances match the filters");
        assertThat(visibleRows()).containsExactly("beta");
        assertThat(selected("filter-phase")).isEqualTo("Ready");
        assertThat(selected("filter-tier")).isEqualTo("starter");
        browser.navigate().refresh();
        awaitSeen("the same filters after a reload", "#filter-count", "1 of 4 instances match the filters");
        assertThat(visibleRows()).containsExactly("beta");
        assertThat(selected("filter-tier")).isEqualTo("starter");

        browser.findElement(By.id("filter-tier")).sendKeys("professional");
        awaitAddress("#/?phase=Ready&tier=professional");
        assertThat(visibleRows()).containsExactly("gamma");
        browser.findElement(By.id("filter-name")).sendKeys("gam");
        awaitAddress("#/?name=gam&phase=Ready&tier=professional");
        assertThat(visibleRows()).containsExactly("gamma");

        browser.navigate().back();
        awaitAddress("#/?phase=Ready&tier=professional");
        Await.until("the name filter emptied", () -> selected("filter-name").isEmpty());
        browser.navigate().back();
        awaitAddress("#/?phase=Ready&tier=starter");
        Await.until("the tier filter back to starter", () -> selected("filter-tier").equals("starter"));
        assertThat(visibleRows()).containsExactly("beta");
        browser.navigate().forward();
        awaitAddress("#/?phase=Ready&tier=professional");
        Await.until("the tier filter forward to professional", () -> visibleRows().equals(List.of("gamma")));

        // Off to an instance and back: the fleet comes back filtered as it was left.
        browser.findElement(By.cssSelector("#instances tr[data-name='gamma'] a")).click();
        awaitSeen("the instance page", "#instance-title", "gamma");
        browser.findElement(By.id("back-to-fleet")).click();
        awaitAddress("#/?phase=Ready&tier=professional");
        awaitSeen("the filters kept", "#filter-count", "1 of 4 instances match the filters");
        // A shared link names a tier no instance has yet: the filter stays, and nothing matches.
        open("#/?tier=enterprise");
        awaitSeen("an empty match", "#filter-count", "0 of 4 instances match the filters");
        assertThat(selected("filter-tier")).isEqualTo("enterprise");
        assertThat(browser.getCurrentUrl()).doesNotContain("token");
        assertNoScriptErrors();
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleRows() {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll('#instances tbody tr')]"
                + ".filter((r) => !r.hidden).map((r) => r.dataset.name)");
    }

    private static String selected(String id) {
        return browser.findElement(By.id(id)).getDomProperty("value");
    }

    private static void awaitAddress(String fragment) {
        Await.until("the address ends with " + fragment, () -> browser.getCurrentUrl().endsWith(fragment));
    }

    private static void assertNoScriptErrors() {
        assertThat(console.scriptErrors()).isEmpty();
    }
}
