package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;

import dev.portico.testing.GatewayStack;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web chat through Portico to ejabberd instead of Prosody: alice and bob (mutual contacts in group
 * "Friends") log in with the real browser client (Strophe.js), see each other online, chat both ways with
 * multi-byte text and see a presence change, once over WebSocket and once over BOSH.
 */
class EjabberdChatTest extends BrowserTest {
    private static GatewayStack stack;
    private static String url;

    @BeforeAll
    static void startServers() throws Exception {
        stack = GatewayStack.start(XmppServerKind.EJABBERD, XmppServerSetup.localhost().users("alice", "bob")
            .rosterBoth("alice", "bob", "Friends"));
        url = stack.portico().baseUrl() + "/";
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (stack != null) {
            try {
                stack.close();
            } catch (TimeoutException e) {
                // Jetty's graceful stop gave up on a held BOSH request; the servers are stopped all the same.
                System.err.println("Portico stopped after the graceful-stop timeout: " + e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "bosh"})
    void aliceAndBobChatThroughPorticoToEjabberd(String transport) {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice@localhost", "secret", transport);
        ChatPage bob = ChatPage.open(newPage(), url).login("bob@localhost", "secret", transport);
        assertThat(alice.connectionStatus()).containsText(transport.equals("bosh") ? "BOSH" : "WebSocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        bob.awaitContactShow("alice@localhost", "available", 10_000);
        assertThat(alice.loc("#roster section.group[data-group='Friends'] button.contact[data-jid='bob@localhost']"))
            .isVisible();

        alice.openChat("bob@localhost").send("Hallo Bob, ejabberd über " + transport + " 日本 🎉");
        bob.openChat("alice@localhost").awaitIncoming("Hallo Bob, ejabberd über " + transport + " 日本 🎉");
        bob.send("Angekommen, Alice ✓");
        alice.awaitIncoming("Angekommen, Alice ✓");

        alice.setPresence("away", "bei ejabberd");
        bob.awaitContactShow("alice@localhost", "away", 5_000);
        assertThat(consoleErrors(bob.page())).isEmpty();
    }
}
