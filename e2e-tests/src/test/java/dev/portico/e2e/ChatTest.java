package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * alice and bob (mutual contacts in group "Friends") chat in two browsers: over WebSocket, over BOSH, and
 * over Auto with the WebSocket endpoint blocked; the stanza log shows the stanzas with SASL redacted.
 */
class ChatTest extends BrowserTest {
    private static Servers servers;
    private static String url;

    @BeforeAll
    static void startServers() throws Exception {
        servers = Servers.start();
        url = servers.chatUrl();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aliceAndBobChatOverWebSocket() {
        ChatPage alice = ChatPage.open(newPage(), url);
        alice.fillLogin("alice@localhost", Servers.PASSWORD, "websocket");
        Screenshots.save(alice.page(), "01-login");
        alice.submit().awaitOnline();
        assertThat(alice.connectionStatus()).containsText("WebSocket");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob@localhost", Servers.PASSWORD, "websocket");

        // Each sees the other online, in the roster group "Friends".
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        bob.awaitContactShow("alice@localhost", "available", 10_000);
        assertThat(alice.loc("#roster section.group[data-group='Friends'] button.contact[data-jid='bob@localhost']"))
            .isVisible();
        assertThat(alice.contact("bob@localhost").locator(".contact-resources")).containsText("portico-web-");

        // A message each way, each in the right conversation.
        alice.openChat("bob@localhost").send("Hi Bob, lunch today?");
        assertThat(alice.outgoing()).containsText(new String[] {"Hi Bob, lunch today?"});
        assertThat(bob.contact("alice@localhost").locator(".badge")).hasText("1");
        bob.openChat("alice@localhost").awaitIncoming("Hi Bob, lunch today?");
        bob.send("Sure — 12:30 at the usual place.");
        alice.awaitIncoming("Sure — 12:30 at the usual place.");
        assertThat(alice.loc("#peer-name")).hasText("bob@localhost");
        alice.send("Perfect, see you there.");
        bob.awaitIncoming("Perfect, see you there.");

        // alice goes away; bob's roster shows it within 2 s.
        alice.setPresence("away", "at lunch");
        bob.awaitContactShow("alice@localhost", "away", 2_000);
        assertThat(bob.contact("alice@localhost").locator(".contact-status")).hasText("at lunch",
            new LocatorAssertions.HasTextOptions().setTimeout(2_000));
        assertThat(bob.loc("#peer-presence")).containsText("Away");

        // Both use chat states now: bob sees alice typing (XEP-0085), and stop when she clears the text.
        alice.loc("#composer-input").pressSequentially("One more thing");
        assertThat(bob.loc("#peer-typing")).isVisible();
        Screenshots.save(bob.page(), "02-chat");
        alice.loc("#composer-input").fill("");
        assertThat(bob.loc("#peer-typing")).isHidden();

        // The stanza log shows the message stanzas and redacts the SASL exchange.
        alice.openConsole();
        assertThat(alice.logEntries("Hi Bob, lunch today?").first()).isVisible();
        assertThat(alice.logEntries("Sure — 12:30").first()).isVisible();
        Locator auth = alice.logEntries("urn:ietf:params:xml:ns:xmpp-sasl").filter(
            new Locator.FilterOptions().setHasText(Pattern.compile("<(auth|response|success)")));
        assertThat(auth.first()).isVisible();
        for (Locator entry : auth.all()) {
            assertThat(entry).containsText("[redacted]");
        }
        String consoleText = alice.loc("#log-entries").innerText();
        assertThat(consoleText).doesNotContain("c2VjcmV0"); // Servers.PASSWORD in base64 (PLAIN would carry it)
        alice.loc("#log-filter").fill("xmpp-sasl");
        Screenshots.save(alice.page(), "03-stanza-log");

        // Everything ran under the strict Content-Security-Policy without a single violation.
        assertThat(consoleErrors(alice.page())).noneMatch(e -> e.contains("Content Security Policy"));
        assertThat(consoleErrors(bob.page())).isEmpty();
    }

    @Test
    void aliceAndBobChatOverBosh() {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice@localhost", Servers.PASSWORD, "bosh");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob@localhost", Servers.PASSWORD, "bosh");
        assertThat(alice.connectionStatus()).containsText("BOSH");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        bob.awaitContactShow("alice@localhost", "available", 10_000);
        alice.openChat("bob@localhost").send("Over BOSH this time");
        bob.openChat("alice@localhost").awaitIncoming("Over BOSH this time");
        bob.send("Long polling works");
        alice.awaitIncoming("Long polling works");
        alice.setPresence("dnd", "in a meeting");
        bob.awaitContactShow("alice@localhost", "dnd", 3_000);
        alice.openConsole();
        assertThat(alice.logEntries("Long polling works").first()).isVisible();
        assertThat(alice.logEntries("xmpp-sasl").filter(new Locator.FilterOptions().setHasText("<auth")).first())
            .containsText("[redacted]");

        // Copy puts the visible frames on the clipboard as text.
        alice.page().context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        alice.loc("#log-filter").fill("Long polling works");
        alice.loc("#log-copy").click();
        assertThat(alice.loc("#log-copy")).hasText("Copied");
        String copied = (String) alice.page().evaluate("() => navigator.clipboard.readText()");
        assertThat(copied).contains("IN  bosh", "<body>Long polling works</body>").doesNotContain("xmpp-sasl");
        alice.loc("#log-filter").fill("");

        // Pause holds new frames back, resume shows them, clear empties the log.
        alice.loc("#log-pause").click();
        bob.send("Sent while the console is paused");
        alice.awaitIncoming("Sent while the console is paused");
        assertThat(alice.loc("#log-pause")).containsText("Resume (");
        assertThat(alice.logEntries("Sent while the console is paused")).hasCount(0);
        alice.loc("#log-pause").click();
        assertThat(alice.logEntries("Sent while the console is paused")).hasCount(1);
        alice.loc("#log-clear").click();
        assertThat(alice.loc("#log-entries li")).hasCount(0);
        assertThat(alice.loc("#log-count")).hasText("0 frames");
        // Kind filter: with only "presence" ticked no message frame shows.
        alice.loc(".chip:has(input[value='message'])").click();
        bob.send("Filtered out");
        alice.awaitIncoming("Filtered out");
        assertThat(alice.logEntries("Filtered out")).hasCount(1);
        assertThat(alice.logEntries("Filtered out")).isHidden();
    }

    @Test
    void autoFallsBackToBoshWhenWebSocketIsBlocked() {
        Page page = newPage();
        page.routeWebSocket(Pattern.compile(".*/xmpp-websocket.*"), ws -> ws.close());
        ChatPage alice = ChatPage.open(page, url).login("alice@localhost", Servers.PASSWORD, "auto");
        assertThat(alice.connectionStatus()).containsText("BOSH");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob@localhost", Servers.PASSWORD, "auto");
        assertThat(bob.connectionStatus()).containsText("WebSocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        bob.openChat("alice@localhost").send("Can you read me over the fallback?");
        alice.openChat("bob@localhost").awaitIncoming("Can you read me over the fallback?");
        alice.send("Loud and clear");
        bob.awaitIncoming("Loud and clear");
    }

    @Test
    void phoneWidthInDarkModeShowsOnePaneAtATime() {
        ChatPage bob = ChatPage.open(newPage(), url).login("bob@localhost", Servers.PASSWORD, "websocket");
        ChatPage alice = ChatPage.open(newPage(390, 844, ColorScheme.DARK), url)
            .login("alice@localhost", Servers.PASSWORD, "auto");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        bob.openChat("alice@localhost").send("Are you on your phone?");
        assertThat(alice.contact("bob@localhost").locator(".badge")).hasText("1");
        Screenshots.save(alice.page(), "09-phone-dark-roster");

        alice.openChat("bob@localhost").awaitIncoming("Are you on your phone?");
        assertThat(alice.loc(".sidebar")).isHidden();
        alice.send("Yes, and it fits the screen.");
        bob.awaitIncoming("Yes, and it fits the screen.");
        Screenshots.save(alice.page(), "10-phone-dark-chat");

        alice.loc("button[aria-label='Back to contacts']").click();
        assertThat(alice.loc(".sidebar")).isVisible();
        assertThat(alice.contact("bob@localhost").locator(".badge")).hasCount(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void stanzaLogAndReconnectBackoffBehaveInTheBrowser() {
        Page page = newPage();
        ChatPage.open(page, url);
        Map<String, Object> result = (Map<String, Object>) page.evaluate("""
            async () => {
              const { StanzaLog } = await import('./static/js/stanza-log.js');
              const parse = (xml) => new DOMParser().parseFromString(xml, 'application/xml').documentElement;
              const log = new StanzaLog();
              const message = parse("<message xmlns='jabber:client' to='bob@localhost'><body>hi</body></message>");
              for (let i = 0; i < 2100; i++) log.record('out', message, 'websocket');
              const plain = parse("<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>"
                + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth></body>");
              log.record('out', plain, 'bosh');
              const last = log.entries[log.entries.length - 1];
              const size = log.entries.length;
              const firstSeq = log.entries[0].seq;
              // Passwords typed in the XML console: in-band registration (also a password change, also as a
              // data form) and legacy auth.
              const secrets = ["<iq xmlns='jabber:client' type='set' id='r'><query xmlns='jabber:iq:register'>"
                  + "<username>alice</username><password>hunter2</password></query></iq>",
                "<iq xmlns='jabber:client' type='set' id='f'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data'"
                  + " type='submit'><field var='password'><value>hunter2</value></field></x></query></iq>",
                "<iq xmlns='jabber:client' type='set' id='a'><query xmlns='jabber:iq:auth'><username>alice</username>"
                  + "<password>hunter2</password><digest>hunter2</digest></query></iq>"]
                .map((xml) => { log.record('out', parse(xml), 'websocket'); return log.entries[log.entries.length - 1].text; });
              const { backoffDelay } = await import('./static/js/connection.js');
              const delays = [0, 1, 2, 3, 4, 5, 8].map((n) => backoffDelay(n));
              return { size, firstSeq, lastKind: last.kind,
                       lastName: last.name, lastText: last.text, delays, secrets };
            }
            """);
        assertThat(result.get("size")).isEqualTo(2000);
        assertThat(((Number) result.get("firstSeq")).intValue()).isEqualTo(102);
        assertThat(result.get("lastName")).isEqualTo("auth");
        assertThat(result.get("lastKind")).isEqualTo("other");
        assertThat((String) result.get("lastText")).contains("[redacted]").doesNotContain("AGFsaWNl");
        for (String text : (List<String>) result.get("secrets")) {
            assertThat(text).contains("[redacted]", "<query").doesNotContain("hunter2");
        }

        // Reconnect delays grow exponentially from 1 s (±20 % jitter) and stop growing at 20 s.
        List<Number> delays = (List<Number>) result.get("delays");
        double[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000};
        for (int i = 0; i < expected.length; i++) {
            assertThat(delays.get(i).doubleValue()).isBetween(expected[i] * 0.8, expected[i] * 1.2);
        }
    }
}
