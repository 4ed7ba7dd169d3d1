package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * axe-core finds no serious or critical violation in any state of the web chat (login, roster, chat,
 * console, contact card, profile, service discovery, joining a room, a room, the widget's frame), and the keyboard alone reaches
 * the main controls in a sensible order.
 */
class AccessibilityTest extends BrowserTest {
    private static final String MUC = "conference.localhost";
    private static Servers servers;
    private final SoftAssertions softly = new SoftAssertions();

    @BeforeAll
    static void startServers() throws Exception {
        servers = Servers.start(dev.portico.config.WebConfig.DEFAULTS, b -> b.modules("vcard_legacy", "version")
            .component(MUC, "muc", "muc_room_locking = false", "muc_room_default_public = true"));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void everyPageStateHasNoSeriousViolationsAndTheKeyboardReachesTheMainControls() {
        Page page = newPage();
        ChatPage alice = ChatPage.open(page, servers.chatUrl());
        assertThat(alice.loc("body.ready")).hasCount(1);
        assertClean(page, "login");
        softly.assertThat(tabStops(page, 12)).containsSubsequence("login-jid", "login-password", "transport-auto",
            "login-remember", "login-submit");

        ChatPage bob = ChatPage.open(newPage(), servers.chatUrl()).login("bob@localhost", Servers.PASSWORD, "websocket");
        alice.login("alice@localhost", Servers.PASSWORD, "websocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        assertClean(page, "roster");
        page.locator("body").focus();
        softly.assertThat(tabStops(page, 16)).containsSubsequence("disco-toggle", "console-toggle", "logout", "edit-profile",
            "my-show", "my-status", "my-priority", "add-contact", "roster-filter", "group-toggle", "contact:bob@localhost");

        alice.openChat("bob@localhost").send("Hello, accessible world");
        bob.openChat("alice@localhost").awaitIncoming("Hello, accessible world");
        assertClean(page, "chat");
        alice.contact("bob@localhost").focus(); // the last roster entry: the chat pane comes next
        softly.assertThat(tabStops(page, 7)).containsSubsequence("contact-info", "remove-contact", "composer-input", "send");

        alice.openConsole();
        alice.loc("#console-composer button[data-template='iq']").click();
        alice.loc("#console-send").click();
        assertThat(alice.loc("#console-reply")).hasAttribute("data-state", "replied");
        assertClean(page, "console");
        page.locator("#log-filter").focus();
        softly.assertThat(tabStops(page, 12)).contains("console-input", "console-send");
        alice.loc("#console-close").click();

        alice.loc("#contact-info").click();
        assertThat(alice.loc("#card-dialog .card-software")).containsText("Portico");
        assertClean(page, "contact card");
        page.keyboard().press("Escape");
        assertThat(alice.loc("#card-dialog")).isHidden();

        alice.loc("#edit-profile").click();
        assertThat(alice.loc("#profile-save")).isEnabled();
        assertClean(page, "profile");
        softly.assertThat(tabStops(page, 8)).contains("profile-photo-input", "profile-fn", "profile-save");
        page.keyboard().press("Escape");

        alice.loc("#disco-toggle").click();
        assertThat(alice.loc("#disco-dialog .disco-features li").first()).isVisible();
        assertClean(page, "service discovery");
        page.keyboard().press("Escape");

        alice.loc("#join-room").click();
        assertThat(alice.loc("#join-dialog")).isVisible();
        assertThat(alice.loc("#room-directory-title")).not().hasText("Looking for rooms on your server…");
        assertClean(page, "join room dialog");
        alice.loc("#join-room-jid").fill("a11y@" + MUC);
        alice.loc("#join-submit").click();
        assertThat(alice.loc("#room-pane")).isVisible();
        assertThat(alice.loc("#room-input")).isEnabled();
        alice.loc("#room-input").fill("Hello, room");
        alice.loc("#room-input").press("Enter");
        assertThat(alice.loc("#room-messages li.msg.out")).hasCount(1);
        assertClean(page, "room");

        Page embed = newPage();
        embed.navigate(servers.portico.baseUrl() + "/embed?domain=localhost");
        assertThat(embed.locator("body.ready")).hasCount(1);
        assertClean(embed, "widget frame login");
        softly.assertAll();
    }

    private void assertClean(Page page, String state) {
        softly.assertThat(Axe.seriousViolations(page)).as("serious or critical axe violations in state '%s'", state).isEmpty();
    }

    /** The ids (or contact JIDs, or group toggles) focused by the next {@code count} presses of Tab. */
    private static List<String> tabStops(Page page, int count) {
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            page.keyboard().press("Tab");
            stops.add((String) page.evaluate("""
                () => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return 'body';
                  if (e.dataset && e.dataset.jid && e.classList.contains('contact')) return 'contact:' + e.dataset.jid;
                  if (e.classList.contains('group-toggle')) return 'group-toggle';
                  return e.id || e.tagName.toLowerCase();
                }"""));
        }
        return stops;
    }
}
