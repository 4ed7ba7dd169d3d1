package dev.portico.e2e;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the browser tests: one Playwright and one headless Chromium per test class, a fresh browser
 * context (cookies, storage) per simulated person, all closed after each test, and a screenshot of every
 * page when a test fails.
 */
abstract class BrowserTest {
    private static Playwright playwright;
    private static Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private final Map<Page, List<String>> consoleErrors = new ConcurrentHashMap<>();

    @RegisterExtension
    final FailureScreenshots failureScreenshots = new FailureScreenshots(() -> List.copyOf(pages));

    @BeforeAll
    static void launchBrowser() {
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        playwright = Playwright.create(new Playwright.CreateOptions()
            .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(Paths.get(System.getProperty("portico.e2e.chromium", "/usr/lib/chromium/chromium")))
            .setHeadless(true)
            .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closeContexts() {
        // Sign out where still signed in, so no session lingers on the server (a BOSH session would stay
        // until its inactivity timeout, and its stale presence would confuse the next test).
        for (Page page : pages) {
            try {
                Locator logout = page.locator("#logout");
                if (!page.isClosed() && logout.isVisible()) {
                    logout.click(new Locator.ClickOptions().setTimeout(2_000));
                    page.locator("#login-view").waitFor(new Locator.WaitForOptions().setTimeout(2_000));
                }
            } catch (RuntimeException e) {
                // best effort
            }
        }
        for (BrowserContext context : contexts) {
            try {
                context.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        contexts.clear();
        pages.clear();
        consoleErrors.clear();
    }

    /** Errors the page logged to its console so far (CSP violations show up here). */
    protected List<String> consoleErrors(Page page) {
        return List.copyOf(consoleErrors.getOrDefault(page, List.of()));
    }

    /** A new page in its own context (a separate person), desktop-sized, light theme. */
    protected Page newPage() {
        return newPage(1280, 800, ColorScheme.LIGHT);
    }

    /** A new page in its own context with the given viewport and colour scheme. */
    protected Page newPage(int width, int height, ColorScheme scheme) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
            .setViewportSize(width, height)
            .setColorScheme(scheme)
            .setLocale("en-GB")
            .setTimezoneId("UTC"));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        Page page = context.newPage();
        page.onPageError(error -> System.err.println("[page error] " + error));
        List<String> errors = new CopyOnWriteArrayList<>();
        consoleErrors.put(page, errors);
        page.onConsoleMessage(msg -> {
            if ("error".equals(msg.type())) {
                errors.add(msg.text());
                System.err.println("[console error] " + msg.text());
            }
        });
        pages.add(page);
        return page;
    }
}
