package chat.mindroom.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The web console of one running operator in Debian's headless chromium, read the way a person
 * reads it: the rendered text of what the selectors find, with condition-based waits.
 */
public final class ConsolePage implements AutoCloseable {

    private final RunningOperator operator;
    private final ChromeDriver browser;

    public ConsolePage(RunningOperator operator) {
        this.operator = operator;
        this.browser = HeadlessChromium.start();
    }

    public ChromeDriver browser() {
        return browser;
    }

    /** Loads /console with this fragment ("#/", "#/instances/x", "#token=..."). */
    public void open(String fragment) {
        browser.get(operator.uri("/console" + fragment).toString());
    }

    /** A fresh sign-in of this tab with the token, given in the address as a link would give it. */
    public void signIn(String token) {
        if (!browser.getCurrentUrl().startsWith(operator.uri("/console").toString())) {
            open("#/"); // session storage belongs to the console's origin, not to the browser's blank page
        }
        browser.executeScript("sessionStorage.clear()");
        open("#token=" + token);
        awaitSeen("signed in", "#scope-text", token.equals(RunningOperator.READ_TOKEN) ? "Read only" : "Write access");
    }

    /** The rendered text of the first element the selector finds, "" when there is none. */
    public String seen(String selector) {
        Object text = browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", selector);
        return String.valueOf(text);
    }

    /** Whether the first element the selector finds is rendered (present, not hidden, taking room). */
    public boolean shown(String selector) {
        return Boolean.TRUE.equals(browser.executeScript(
                "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0;",
                selector));
    }

    public void awaitSeen(String what, String selector, String text) {
        Await.until(what + " (" + selector + " shows '" + text + "')", () -> seen(selector).contains(text));
    }

    /** The id of the element that has the keyboard focus ("" for none). */
    public String focused() {
        return String.valueOf(browser.executeScript("return document.activeElement ? document.activeElement.id : ''"));
    }

    /** Presses a key on the element that has the keyboard focus. */
    public void press(CharSequence key) {
        browser.switchTo().activeElement().sendKeys(key);
    }

    /** Whether the console's confirmation dialog is open (modal: the rest of the page is inert). */
    public boolean dialogOpen() {
        return Boolean.TRUE.equals(browser.executeScript("return document.getElementById('confirm').open"));
    }

    /** Leaves what the browser shows now in target/console/{name} for a person to look at. */
    public void screenshot(String name) {
        try {
            Path shot = Path.of("target", "console", name);
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Texts below 4.5:1 against the background they are drawn on (WCAG 2 AA). */
    @SuppressWarnings("unchecked")
    public List<String> contrastFailures() {
        return (List<String>) browser.executeScript("""
                const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
                const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
                const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
                const background = (e) => {
                  for (; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length < 4 || c[3] > 0) { return c; }
                  }
                  return [255, 255, 255];
                };
                const failures = [];
                for (const e of document.querySelectorAll('body *')) {
                  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
                  if (!own || !e.getClientRects().length) { continue; }
                  const f = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
                  const ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
                  if (ratio < 4.5) { failures.push(e.tagName + ' "' + e.textContent.trim().slice(0, 40) + '" ' + ratio.toFixed(2)); }
                }
                return failures;
                """);
    }

    /** Uncaught script errors and content-security refusals the browser logged since the last call. */
    public List<String> scriptErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Uncaught") || m.contains("Content Security Policy") || m.contains("Refused"))
                .toList();
    }

    @Override
    public void close() {
        browser.quit();
    }
}
