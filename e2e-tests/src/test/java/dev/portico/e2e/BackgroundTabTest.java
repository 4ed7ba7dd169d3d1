package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.portico.config.WebConfig;
import dev.portico.testing.ProsodyShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A background tab for three minutes: hidden, CPU throttled, and its timers running only once a minute
 * (Chrome's intensive throttling, emulated by freezing the page through the DevTools protocol and letting it
 * wake for a moment each minute). Over WebSocket and over BOSH the session must still be the same one
 * afterwards (no new sign-in, one session on the server) and every message bob sent meanwhile must be there
 * once.
 *
 * <p>Clock-bound, so it runs concurrently with the other classes (its own Playwright, browser and servers;
 * see junit-platform.properties) and adds little wall time to the suite.
 */
@Execution(ExecutionMode.CONCURRENT)
class BackgroundTabTest {
    private static final int MINUTES = 3;
    private static Playwright playwright;
    private static Browser browser;
    private static Servers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = Servers.start(WebConfig.DEFAULTS,
            b -> b.modules(SessionSurvivalTest.MODULES).rosterBoth("carol", "bob", "Friends"));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(Paths.get(System.getProperty("portico.e2e.chromium", "/usr/lib/chromium/chromium")))
            .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aHiddenThrottledTabKeepsItsSessionForThreeMinutesOverWebSocketAndBosh() throws Exception {
        ChatPage alice = ChatPage.open(newPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        ChatPage carol = ChatPage.open(newPage(), servers.chatUrl()).login("carol@localhost", Servers.PASSWORD, "bosh");
        CDPSession aliceCdp = background(alice.page());
        CDPSession carolCdp = background(carol.page());
        int total = MINUTES * 4;
        try (MinuteSender bob = new MinuteSender(total)) {
            for (int minute = 0; minute < MINUTES; minute++) {
                // Frozen: no timers, no JavaScript; then one short wake-up, as a once-a-minute throttled tab gets.
                setFrozen(aliceCdp, true);
                setFrozen(carolCdp, true);
                for (int quarter = 0; quarter < 4; quarter++) {
                    Thread.sleep(14_500);
                    bob.sendNext();
                }
                setFrozen(aliceCdp, false);
                setFrozen(carolCdp, false);
                alice.page().waitForTimeout(1_000);
            }
        }
        foreground(alice.page(), aliceCdp);
        foreground(carol.page(), carolCdp);
        for (ChatPage page : List.of(alice, carol)) {
            assertThat(page.connectionStatus()).hasAttribute("data-state", "online");
            page.openChat("bob@localhost");
            String last = "bg-" + SessionSurvivalTest.two(total);
            assertThat(page.incoming().filter(new Locator.FilterOptions().setHasText(last)))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
            SessionSurvivalTest.assertEachOnce(page, "bg-", total);
            page.openConsole();
            assertThat(page.logEntries("<auth ")).hasCount(1); // still the first sign-in: nothing reconnected
        }
        ProsodyShell shell = new ProsodyShell(servers.prosody);
        assertThat(shell.sessionsOf("alice")).isEqualTo(1);
        assertThat(shell.sessionsOf("carol")).isEqualTo(1);
    }

    private static Page newPage() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        context.setDefaultTimeout(30_000); // the machine is shared with the rest of the suite meanwhile
        return context.newPage();
    }

    /** Hidden (visibilitychange, so the page tells the server CSI inactive) and the CPU slowed twentyfold. */
    private static CDPSession background(Page page) {
        page.evaluate("() => {"
            + "Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});"
            + "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
            + "document.dispatchEvent(new Event('visibilitychange')); }");
        CDPSession cdp = page.context().newCDPSession(page);
        JsonObject rate = new JsonObject();
        rate.addProperty("rate", 20);
        cdp.send("Emulation.setCPUThrottlingRate", rate);
        return cdp;
    }

    private static void foreground(Page page, CDPSession cdp) {
        JsonObject rate = new JsonObject();
        rate.addProperty("rate", 1);
        cdp.send("Emulation.setCPUThrottlingRate", rate);
        page.evaluate("() => {"
            + "Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'visible'});"
            + "Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
            + "document.dispatchEvent(new Event('visibilitychange')); }");
    }

    private static void setFrozen(CDPSession cdp, boolean frozen) {
        JsonObject state = new JsonObject();
        state.addProperty("state", frozen ? "frozen" : "active");
        cdp.send("Page.setWebLifecycleState", state);
    }

    /** bob, a raw client through Portico, sending to alice and carol on the test's signal. */
    private static final class MinuteSender implements AutoCloseable {
        private final dev.portico.testing.RawWebSocketClient client;
        private final int total;
        private int sent;

        MinuteSender(int total) throws Exception {
            this.total = total;
            this.client = dev.portico.testing.RawWebSocketClient.connect(servers.portico.webSocketUri(), null);
            client.login("localhost", "bob", Servers.PASSWORD);
        }

        void sendNext() throws Exception {
            if (sent >= total) {
                return;
            }
            sent++;
            String body = "bg-" + SessionSurvivalTest.two(sent);
            for (String to : List.of("alice@localhost", "carol@localhost")) {
                client.send("<message xmlns='jabber:client' type='chat' to='" + to + "' id='" + body + "'><body>" + body
                    + "</body></message>");
            }
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }
}
