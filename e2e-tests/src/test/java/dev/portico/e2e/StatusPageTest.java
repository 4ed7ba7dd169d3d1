package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's status page in a real browser while two people chat, one over WebSocket and one over
 * BOSH: both sessions with their bound JIDs, the upstream domain healthy, the charts drawn. Its screenshot
 * is the README's.
 */
class StatusPageTest extends BrowserTest {
    private static Servers servers;

    @BeforeAll
    static void startServers() throws Exception {
        servers = Servers.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void showsLiveSessionsWithTheirJidsAndAHealthyUpstream() {
        ChatPage alice = ChatPage.open(newPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        ChatPage bob = ChatPage.open(newPage(), servers.chatUrl()).login("bob@localhost", Servers.PASSWORD, "bosh");
        alice.openChat("bob@localhost").send("Lunch at noon?");
        bob.openChat("alice@localhost").awaitIncoming("Lunch at noon?");

        Page status = newPage(1280, 900, ColorScheme.LIGHT);
        status.navigate(servers.portico.baseUrl() + "/status");
        assertThat(status.locator("#count-websocket")).hasText("1");
        assertThat(status.locator("#count-bosh")).hasText("1");
        assertThat(status.locator("#sessions tbody")).containsText("alice@localhost");
        assertThat(status.locator("#sessions tbody")).containsText("bob@localhost");
        assertThat(status.locator("#upstreams tbody")).containsText("ok");
        assertThat(status.locator("#chart-sessions polyline")).hasCount(1);
        Screenshots.save(status, "status");
    }
}
