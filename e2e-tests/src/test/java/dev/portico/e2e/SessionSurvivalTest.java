package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.portico.config.WebConfig;
import dev.portico.testing.ProsodyShell;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions that survive real life, in the web chat against a Prosody with XEP-0198 (mod_smacks), carbons,
 * MAM and CSI: a reload mid-conversation, two tabs of one account. What counts is what the person sees
 * (every message exactly once) and what the server holds (one session), asked of the server itself.
 */
class SessionSurvivalTest extends BrowserTest {
    static final String[] MODULES = {"smacks", "carbons", "mam", "csi_simple", "admin_shell"};
    private static Servers servers;

    @BeforeAll
    static void startServers() throws Exception {
        servers = Servers.start(WebConfig.DEFAULTS, b -> b.modules(MODULES));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aReloadMidConversationShowsEveryMessageOnceAndTheServerKeepsOneSession() throws Exception {
        ChatPage alice = ChatPage.open(patientPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        alice.openChat("bob@localhost");
        int total = 12;
        try (Ticker bob = Ticker.start(servers.portico.webSocketUri(), "bob", "alice@localhost", total, "tick-")) {
            assertThat(alice.incoming().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("tick-03")))
                .hasCount(1);
            alice.page().reload();
            alice.awaitOnline();
            assertThat(alice.loc("#chat-pane")).isVisible();
            assertThat(alice.incoming().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("tick-" + two(total))))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
            assertThat(bob.sent()).isEqualTo(total);
        }
        assertEachOnce(alice, "tick-", total);
        assertThat(new ProsodyShell(servers.prosody).sessionsOf("alice"))
            .as("the server's view: the resumed session, no ghost").isEqualTo(1);
        assertThat(alice.connectionStatus()).not().containsText("expired");
    }

    @Test
    void twentySecondsOfflineMidConversationLosesAndDoublesNothing() throws Exception {
        ChatPage alice = ChatPage.open(patientPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        alice.openChat("bob@localhost");
        int total = 26;
        try (Ticker bob = Ticker.start(servers.portico.webSocketUri(), "bob", "alice@localhost", total, "net-")) {
            assertThat(alice.incoming().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("net-02")))
                .hasCount(1);
            alice.page().context().setOffline(true);
            assertThat(alice.connectionStatus()).hasAttribute("data-state", "reconnecting");
            alice.page().waitForTimeout(20_000); // the scenario itself: twenty seconds without a network
            alice.page().context().setOffline(false);
            alice.awaitOnline();
            assertThat(alice.incoming().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("net-" + two(total))))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        }
        assertEachOnce(alice, "net-", total);
        assertThat(new ProsodyShell(servers.prosody).sessionsOf("alice")).isEqualTo(1);
    }

    @Test
    void aProxysHtmlErrorPageReadsChatServerUnreachable() {
        com.microsoft.playwright.Page page = patientPage();
        // What a reverse proxy answers when no Portico node is up: an HTML page, on BOSH and on the upgrade.
        page.route("**/http-bind", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
            .setStatus(502).setContentType("text/html")
            .setBody("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>")));
        page.routeWebSocket("**/xmpp-websocket", ws -> ws.close());
        ChatPage chat = ChatPage.open(page, servers.chatUrl());
        chat.fillLogin("alice@localhost", Servers.PASSWORD, "auto").submit();
        assertThat(chat.loginError()).hasText("Chat server unreachable. Check your internet connection and try again.",
            new LocatorAssertions.HasTextOptions().setTimeout(45_000));
    }

    @Test
    void twoTabsOfOneAccountSeeTheWholeConversation() {
        ChatPage tab1 = ChatPage.open(patientPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        ChatPage tab2 = ChatPage.open(patientPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "bosh");
        ChatPage bob = ChatPage.open(patientPage(), servers.chatUrl()).login("bob@localhost", Servers.PASSWORD, "websocket");
        tab1.openChat("bob@localhost");
        tab2.openChat("bob@localhost");
        bob.openChat("alice@localhost").send("to both tabs");
        tab1.awaitIncoming("to both tabs");
        tab2.awaitIncoming("to both tabs");

        tab1.send("from tab one");
        assertThat(tab2.outgoing().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("from tab one")))
            .hasCount(1); // the carbon of a sent message
        bob.awaitIncoming("from tab one");
        tab2.send("from tab two");
        assertThat(tab1.outgoing().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("from tab two")))
            .hasCount(1);
    }

    /** A new page that waits longer for navigation: a clock-bound class may run beside this one. */
    private com.microsoft.playwright.Page patientPage() {
        com.microsoft.playwright.Page page = newPage();
        page.setDefaultNavigationTimeout(60_000);
        return page;
    }

    /**
     * The open conversation shows {@code prefix}01 … {@code prefix}{@code total}, each exactly once (other
     * messages, e.g. from the archive of earlier tests, are not looked at).
     */
    static void assertEachOnce(ChatPage page, String prefix, int total) {
        List<String> seen = page.incoming().allTextContents().stream().filter(t -> t.startsWith(prefix)).toList();
        List<String> expected = IntStream.rangeClosed(1, total).mapToObj(n -> prefix + two(n)).collect(Collectors.toList());
        assertThat(seen).as("every message exactly once").containsExactlyInAnyOrderElementsOf(expected);
    }

    static String two(int n) {
        return String.format("%02d", n);
    }

    /** A raw XMPP client through Portico that sends {@code total} messages, one a second. */
    static final class Ticker implements AutoCloseable {
        private final RawWebSocketClient client;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger sent = new AtomicInteger();

        private Ticker(RawWebSocketClient client) {
            this.client = client;
        }

        static Ticker start(java.net.URI webSocket, String user, String to, int total, String prefix) throws Exception {
            RawWebSocketClient client = RawWebSocketClient.connect(webSocket, null);
            client.login("localhost", user, Servers.PASSWORD);
            Ticker ticker = new Ticker(client);
            ticker.timer.scheduleAtFixedRate(() -> {
                int n = ticker.sent.get() + 1;
                if (n > total) {
                    return;
                }
                try {
                    client.send("<message xmlns='jabber:client' type='chat' to='" + to + "' id='" + prefix + n + "'><body>"
                        + prefix + two(n) + "</body></message>");
                    ticker.sent.incrementAndGet();
                } catch (Exception e) {
                    System.err.println("ticker: " + e);
                }
            }, 0, 1, TimeUnit.SECONDS);
            return ticker;
        }

        int sent() {
            return sent.get();
        }

        @Override
        public void close() throws Exception {
            timer.shutdownNow();
            client.close();
        }
    }
}
