package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors a person understands, and automatic reconnection when the XMPP server goes away and comes back. */
class ResilienceTest extends BrowserTest {
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
    void wrongPasswordAndUnknownDomainShowClearErrors() {
        ChatPage alice = ChatPage.open(newPage(), servers.chatUrl());
        // Keyboard only: the address field has focus, Tab moves on, Enter signs in.
        Keyboard keys = alice.page().keyboard();
        assertThat(alice.loc("#login-jid")).isFocused();
        keys.type("alice@localhost");
        keys.press("Tab");
        assertThat(alice.loc("#login-password")).isFocused();
        keys.type("not-the-password");
        keys.press("Tab");
        assertThat(alice.loc("#transport-auto")).isFocused();
        keys.press("ArrowRight");
        assertThat(alice.loc("#transport-websocket")).isChecked();
        alice.loc("#login-password").press("Enter");
        assertThat(alice.loginError()).hasText("Wrong address or password.");
        assertThat(alice.loc("#login-view")).isVisible();
        assertThat(alice.loc("#login-submit")).isEnabled();
        Screenshots.save(alice.page(), "05-wrong-password");

        alice.fillLogin("alice@elsewhere.example", "secret", "websocket").submit();
        assertThat(alice.loginError()).containsText("does not serve that domain");

        alice.fillLogin("alice", "secret", "websocket").submit();
        assertThat(alice.loginError()).containsText("full address");

        alice.fillLogin("alice@localhost", "secret", "bosh").submit();
        alice.awaitOnline();

        // Signing out leaves nothing of the account in the page, not even in the stanza log.
        alice.setPresence("dnd", "private status");
        alice.loc("#logout").click();
        assertThat(alice.loc("#login-view")).isVisible();
        assertThat(alice.loc("#log-entries li")).hasCount(0);
        assertThat(alice.loc("#roster button.contact")).hasCount(0);
        assertThat(alice.loc("#my-status")).hasValue("");
        assertThat(alice.loc("#login-password")).hasValue("");
    }

    @Test
    void reconnectsAfterTheServerComesBack() {
        ChatPage alice = ChatPage.open(newPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "auto");
        ChatPage bob = ChatPage.open(newPage(), servers.chatUrl()).login("bob@localhost", Servers.PASSWORD, "websocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);

        servers.prosody.kill();
        assertThat(alice.connectionStatus()).hasAttribute("data-state", "reconnecting");
        assertThat(alice.connectionStatus()).containsText("Reconnecting…");
        assertThat(alice.loc("#reconnect-banner")).isVisible();
        alice.awaitContactShow("bob@localhost", "offline", 2_000); // presence is unknown while disconnected
        assertThat(alice.loc("#composer-input")).isDisabled(new LocatorAssertions.IsDisabledOptions().setTimeout(1_000));
        Screenshots.save(alice.page(), "06-reconnecting");

        // Meanwhile a new sign-in says what is wrong in plain words.
        ChatPage carol = ChatPage.open(newPage(), servers.chatUrl());
        carol.fillLogin("carol@localhost", Servers.PASSWORD, "auto").submit();
        assertThat(carol.loginError()).hasText("The chat server cannot be reached right now. Try again in a little while.");

        servers.prosody.restart();
        LocatorAssertions.HasAttributeOptions patient = new LocatorAssertions.HasAttributeOptions().setTimeout(45_000);
        assertThat(alice.connectionStatus()).hasAttribute("data-state", "online", patient);
        assertThat(bob.connectionStatus()).hasAttribute("data-state", "online", patient);
        assertThat(alice.loc("#reconnect-banner")).isHidden();
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        alice.openChat("bob@localhost").send("Back again");
        bob.openChat("alice@localhost").awaitIncoming("Back again");
    }
}
