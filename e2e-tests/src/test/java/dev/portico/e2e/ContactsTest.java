package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.portico.testing.SmackClients;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscription handling (add, approve, remove) and hostile text rendered as text. */
class ContactsTest extends BrowserTest {
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
    void carolAsksAliceApprovesAndBothRostersUpdate() {
        ChatPage alice = ChatPage.open(newPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        ChatPage carol = ChatPage.open(newPage(), servers.chatUrl()).login("carol@localhost", Servers.PASSWORD, "websocket");
        assertThat(alice.contact("carol@localhost")).hasCount(0);

        // carol adds an account nobody uses (it stays offline), then alice, with names, in one group.
        addContact(carol, "aaron@localhost", "Aaron", "Work");
        addContact(carol, "alice@localhost", "Alice Liddell", "Work");
        assertThat(carol.loc("#roster section.group[data-group='Work'] button.contact[data-jid='alice@localhost']"))
            .containsText("Alice Liddell");
        assertThat(carol.contact("alice@localhost").locator(".contact-status")).hasText("Waiting for approval");

        // alice sees the request with Approve / Deny.
        assertThat(alice.loc("#requests .request[data-jid='carol@localhost']")).isVisible();
        assertThat(alice.loc("#requests button[aria-label='Deny carol@localhost']")).isVisible();
        Screenshots.save(alice.page(), "04-subscription-request");
        alice.loc("#requests button[aria-label='Approve carol@localhost']").click();
        assertThat(alice.loc("#requests")).isHidden();

        // Both rosters update: each sees the other online.
        carol.awaitContactShow("alice@localhost", "available", 10_000);
        alice.awaitContactShow("carol@localhost", "available", 10_000);
        // Online first: Alice before Aaron, although "Aaron" sorts first by name.
        assertThat(carol.loc("#roster section.group[data-group='Work'] button.contact"))
            .hasCount(2);
        assertThat(carol.loc("#roster section.group[data-group='Work'] button.contact").first())
            .hasAttribute("data-jid", "alice@localhost");
        assertThat(carol.contact("aaron@localhost").locator(".contact-status")).hasText("Waiting for approval");
        carol.openChat("alice@localhost").send("Thanks for adding me!");
        alice.openChat("carol@localhost").awaitIncoming("Thanks for adding me!");

        // alice removes carol again.
        alice.loc("#remove-contact").click();
        alice.loc("#confirm-ok").click();
        // The conversation stays reachable, now among people who are not contacts.
        assertThat(alice.loc("#roster section.group[data-group='Not in your contacts'] button.contact"))
            .hasAttribute("data-jid", "carol@localhost");
        assertThat(alice.contact("carol@localhost")).hasCount(1);
        carol.awaitContactShow("alice@localhost", "offline", 10_000);
    }

    @Test
    void hostileBodiesAndNamesRenderAsText() {
        Page alicePage = newPage();
        List<String> dialogs = new ArrayList<>();
        alicePage.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        ChatPage alice = ChatPage.open(alicePage, servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");
        ChatPage bob = ChatPage.open(newPage(), servers.chatUrl()).login("bob@localhost", Servers.PASSWORD, "websocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);

        String img = "<img src=x onerror=\"window.__pwned = 1; alert('img')\">";
        String script = "<script>window.__pwned = 2; alert('script')</script>";
        String link = "<a href=\"javascript:alert('link')\">click me</a> & <b>bold</b>";
        bob.openChat("alice@localhost").send(img).send(script).send(link);
        bob.setPresence("chat", "<img src=x onerror=\"window.__pwned = 3\">");

        alice.openChat("bob@localhost");
        alice.awaitIncoming("window.__pwned = 1");
        assertThat(alice.incoming()).hasText(new String[] {img, script, link});
        assertThat(alice.contact("bob@localhost").locator(".contact-status"))
            .hasText("<img src=x onerror=\"window.__pwned = 3\">");
        assertThat(alice.loc("#messages img")).hasCount(0);
        assertThat(alice.loc("#messages script")).hasCount(0);
        assertThat(alice.loc("#messages a")).hasCount(0);
        assertThat(alice.loc("#roster img")).hasCount(0);
        alice.openConsole();
        assertThat(alice.loc("#log-entries img")).hasCount(0);
        assertThat(alice.logEntries("window.__pwned = 2").first()).isVisible();

        alicePage.waitForTimeout(300);
        assertThat(alicePage.evaluate("() => typeof window.__pwned")).isEqualTo("undefined");
        assertThat(dialogs).isEmpty();
    }

    @Test
    void messageTypesAndErrorRepliesShowSensibly() throws Exception {
        ChatPage alice = ChatPage.open(newPage(), servers.chatUrl()).login("alice@localhost", Servers.PASSWORD, "websocket");

        // carol, on a desktop client, sends a chat, a normal message with a subject, and a headline.
        XMPPTCPConnection carol = SmackClients.tcp(servers.prosody, "carol");
        try {
            carol.connect().login();
            EntityBareJid to = JidCreate.entityBareFrom("alice@localhost");
            carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat)
                .setBody("Hi, it's Carol from accounting.").build());
            carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.normal)
                .setSubject("Invoice 2026-11").setBody("Your invoice is attached to the ticket.").build());
            carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.headline)
                .setSubject("Maintenance tonight").setBody("The server restarts at 22:00 UTC.").build());

            // carol is no contact of alice's: her conversation is listed apart, with 3 unread.
            Locator stranger = alice.loc("#roster section.group[data-group='Not in your contacts'] button.contact");
            assertThat(stranger).hasAttribute("data-jid", "carol@localhost");
            assertThat(stranger.locator(".badge")).hasText("3");
            alice.openChat("carol@localhost");
            assertThat(alice.loc("#messages li.msg[data-type='chat'] .msg-body")).hasText("Hi, it's Carol from accounting.");
            Locator normal = alice.loc("#messages li.msg[data-type='normal']");
            assertThat(normal.locator(".msg-label")).hasText("Message");
            assertThat(normal.locator(".msg-subject")).hasText("Invoice 2026-11");
            Locator headline = alice.loc("#messages li.msg[data-type='headline']");
            assertThat(headline.locator(".msg-label")).hasText("Headline");
            assertThat(headline.locator(".msg-subject")).hasText("Maintenance tonight");
            assertThat(headline.locator(".msg-body")).hasText("The server restarts at 22:00 UTC.");
        } finally {
            carol.disconnect();
        }

        // A message to an address that does not exist comes back as an error, shown under it.
        alice.loc("button[aria-label='Add contact']").click();
        alice.loc("#add-jid").fill("nobody@localhost");
        alice.loc("#add-submit").click();
        assertThat(alice.loc("#peer-name")).hasText("nobody@localhost");
        alice.send("Is anybody there?");
        Locator failed = alice.loc("#messages li.msg.out.failed");
        assertThat(failed.locator(".msg-body")).hasText("Is anybody there?");
        assertThat(failed.locator(".msg-error")).containsText("not delivered");
        Screenshots.save(alice.page(), "11-message-types-error");
    }

    private static void addContact(ChatPage who, String jid, String name, String group) {
        who.loc("button[aria-label='Add contact']").click();
        who.loc("#add-jid").fill(jid);
        who.loc("#add-name").fill(name);
        who.loc("#add-group").fill(group);
        who.loc("#add-submit").click();
        assertThat(who.loc("#add-dialog")).isHidden();
        assertThat(who.contact(jid)).containsText(name);
    }
}
