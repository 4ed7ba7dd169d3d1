package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.portico.config.WebConfig;
import dev.portico.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web chat's tools against a Prosody with vCards, software version, last activity and a MUC
 * service: the contact card (also in the widget), avatars, service discovery, the console's composer,
 * unread counts and notifications, and that a message or a presence redraws one node, not the page.
 */
class ChatToolsTest extends BrowserTest {
    private static final String MUC = "conference.localhost";
    private static Servers servers;
    private static HostSite site;
    private static String url;

    @BeforeAll
    static void startServers() throws Exception {
        int sitePort = FreePorts.find();
        servers = Servers.start(new WebConfig("Portico", Optional.of("localhost"), List.of("http://localhost:" + sitePort)),
            b -> b.modules("vcard_legacy", "version", "lastactivity", "uptime")
                .component(MUC, "muc", "muc_room_locking = false", "muc_room_default_public = true"));
        url = servers.chatUrl();
        site = HostSite.start(servers.portico.baseUrl(), "data-domain=\"localhost\" data-to=\"alice@localhost\"", sitePort);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (site != null) {
            site.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void contactCardShowsTheVCardClientVersionAndIdleTimeAndAvatarsReachTheRoster() {
        ChatPage bob = ChatPage.open(newPage(), url).login("bob", Servers.PASSWORD, "websocket");
        editProfile(bob, "Bob Builder", "bobby", "bob@example.org", null);

        ChatPage alice = ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        alice.openChat("bob@localhost");
        alice.loc("#contact-info").click();
        Locator card = alice.loc("#card-dialog");
        assertThat(card).isVisible();
        assertThat(card.locator("#card-jid")).hasText("bob@localhost");
        assertThat(field(card, "fn")).hasText("Bob Builder");
        assertThat(field(card, "nickname")).hasText("bobby");
        assertThat(field(card, "email")).hasText("bob@example.org");
        Locator resource = card.locator("li.card-resource");
        assertThat(resource).hasCount(1);
        assertThat(resource.locator(".card-resource-name")).containsText("portico-web-");
        assertThat(resource).containsText("Available · priority 0");
        assertThat(resource.locator(".card-software")).hasText(Pattern.compile("client: Portico web chat \\d+\\.\\d+"));
        assertThat(resource.locator(".card-idle")).hasText(Pattern.compile("active now|idle \\d+ s"));
        Screenshots.save(alice.page(), "11-contact-card");
        card.locator("#card-close").click();
        assertThat(card).isHidden();

        // alice gives herself a picture; bob's roster shows it (XEP-0153 hash in her presence, photo from her vCard).
        editProfile(alice, "Alice Liddell", "", "", png(160, 120, new Color(0x22, 0x88, 0x55)));
        assertThat(alice.loc("#me-avatar img")).hasAttribute("src", Pattern.compile("^data:image/png;base64,"));
        Locator aliceInBobsRoster = bob.contact("alice@localhost").locator(".avatar img");
        assertThat(aliceInBobsRoster).hasAttribute("src", Pattern.compile("^data:image/png;base64,"));
        // Scaled in the browser to a 96 px square.
        assertThat(bob.page().evaluate("() => { const i = document.querySelector(\"#roster button.contact[data-jid='alice@localhost'] .avatar img\"); return [i.naturalWidth, i.naturalHeight]; }"))
            .isEqualTo(List.of(96, 96));
        // bob's card of alice shows the same picture and her name.
        bob.openChat("alice@localhost");
        assertThat(bob.loc("#peer-avatar img")).isVisible();
        bob.loc("#contact-info").click();
        assertThat(field(bob.loc("#card-dialog"), "fn")).hasText("Alice Liddell");
        assertThat(bob.loc("#card-avatar img")).isVisible();

        // Once bob is offline his card says when he was last seen (XEP-0012, answered by his server).
        bob.loc("#card-close").click();
        bob.loc("#logout").click();
        alice.awaitContactShow("bob@localhost", "offline", 10_000);
        alice.loc("#contact-info").click();
        assertThat(field(alice.loc("#card-dialog"), "last-seen")).hasText(Pattern.compile("just now|\\d+ s ago"));
        assertThat(alice.loc("#card-dialog li.card-resource")).hasCount(0);
        assertThat(alice.loc("#card-resources")).hasText("Not online right now.");
    }

    @Test
    void contactCardWorksInTheWidget() {
        ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        Page host = newPage();
        host.navigate(site.url("localhost"));
        host.locator("[data-portico-widget] button.launcher").click();
        ChatPage bob = ChatPage.inWidget(host);
        assertThat(bob.loc("body.ready")).hasCount(1); // the page's script runs (and focuses a field) first
        bob.fillLogin("bob", Servers.PASSWORD, "auto").submit().awaitOnline();
        assertThat(bob.loc("#peer-name")).hasText("alice@localhost");
        bob.awaitContactShow("alice@localhost", "available", 10_000);
        bob.loc("#contact-info").click();
        assertThat(bob.loc("#card-dialog #card-jid")).hasText("alice@localhost");
        assertThat(bob.loc("#card-dialog .card-software")).hasText(Pattern.compile("client: Portico web chat"));
    }

    @Test
    void discoveryListsTheServerFeaturesAndFollowsTheMucServiceToItsRooms() {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        // A room to find: alice joins one with a raw presence from the console.
        alice.openConsole();
        alice.loc("#console-input").fill("<presence to='tea-room@" + MUC + "/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        alice.loc("#console-send").click();
        assertThat(alice.logEntries("tea-room@" + MUC).filter(new Locator.FilterOptions().setHasText("↓ in"))).not().hasCount(0);
        alice.loc("#console-close").click();

        alice.loc("#disco-toggle").click();
        Locator disco = alice.loc("#disco-dialog");
        assertThat(disco).isVisible();
        assertThat(disco.locator("#disco-where")).hasText("localhost");
        assertThat(disco.locator(".disco-identities")).containsText("server/im");
        assertThat(disco.locator(".disco-features li[data-feature='urn:xmpp:ping']")).containsText("XEP-0199: XMPP Ping");
        assertThat(disco.locator(".disco-features li[data-feature='jabber:iq:version']")).containsText("XEP-0092");
        disco.locator("button.disco-item[data-jid='" + MUC + "']").click();
        assertThat(disco.locator("#disco-where")).hasText(MUC);
        assertThat(disco.locator(".disco-identities")).containsText("conference/text");
        assertThat(disco.locator(".disco-features li[data-feature='http://jabber.org/protocol/muc']"))
            .containsText("XEP-0045: Multi-User Chat");
        assertThat(disco.locator("button.disco-item[data-jid='tea-room@" + MUC + "']")).isVisible();
        Screenshots.save(alice.page(), "12-service-discovery");
        // Back returns to the server.
        disco.locator("#disco-back").click();
        assertThat(disco.locator("#disco-where")).hasText("localhost");
        // Any address: bob's server-side account (mod_disco answers for bare JIDs).
        disco.locator("#disco-jid").fill("bob@localhost");
        disco.locator("#disco-browse").click();
        assertThat(disco.locator("#disco-where")).hasText("bob@localhost");
        assertThat(disco.locator(".disco-identities")).containsText("account/registered");
    }

    @Test
    void consoleSendsAStanzaShowsTheReplyAndRefusesWhatIsNotWellFormed() {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        alice.openConsole();
        Locator input = alice.loc("#console-input");
        input.fill("<iq type='get' to='localhost'><query xmlns='jabber:iq:version'/></iq>");
        alice.loc("#console-send").click();
        assertThat(alice.loc("#console-error")).isHidden();
        assertThat(alice.loc("#console-sent")).containsText("jabber:iq:version");
        assertThat(alice.loc("#console-sent")).containsText("id=");
        Locator reply = alice.loc("#console-reply");
        assertThat(reply).hasAttribute("data-state", "replied");
        assertThat(reply).containsText("type=\"result\"");
        assertThat(reply).containsText("<name>Prosody</name>");
        Screenshots.save(alice.page(), "13-console-composer");

        // Not well-formed: refused with a reason, nothing sent (the log gets no new outgoing frame).
        int outBefore = alice.loc("#log-entries li.log-entry.out").count();
        input.fill("<iq type='get' to='localhost'><query xmlns='jabber:iq:version'></iq>");
        alice.loc("#console-send").click();
        assertThat(alice.loc("#console-error")).containsText("Not well-formed XML");
        input.fill("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>");
        input.press("Control+Enter");
        assertThat(alice.loc("#console-error")).containsText("Only <message>, <presence> and <iq>");
        assertThat(alice.loc("#log-entries li.log-entry.out")).hasCount(outBefore);
        assertThat(alice.connectionStatus()).hasAttribute("data-state", "online");

        // A template gets a fresh id and a sensible address.
        alice.loc("#console-composer button[data-template='iq']").click();
        assertThat(input).hasValue(Pattern.compile("<iq type='get' to='localhost' id='[^']+'>.*jabber:iq:version.*", Pattern.DOTALL));
    }

    @Test
    void aMessageAppendsOneNodeAndAPresenceChangeRedrawsOneRosterRow() {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob", Servers.PASSWORD, "websocket");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        alice.openChat("bob@localhost").send("first");
        bob.openChat("alice@localhost").awaitIncoming("first");
        alice.page().evaluate("""
            () => {
              const counts = window.mutations = { roster: 0, rosterRemoved: 0, messages: 0, messagesRemoved: 0 };
              const watch = (id, added, removed) => new MutationObserver((records) => {
                for (const r of records) {
                  counts[added] += [...r.addedNodes].filter((n) => n.nodeType === 1).length;
                  counts[removed] += [...r.removedNodes].filter((n) => n.nodeType === 1).length;
                }
              }).observe(document.getElementById(id), { childList: true, subtree: true });
              watch('roster', 'roster', 'rosterRemoved');
              watch('messages', 'messages', 'messagesRemoved');
            }""");
        bob.send("second");
        alice.awaitIncoming("second");
        assertThat(alice.page().evaluate("() => window.mutations"))
            .isEqualTo(Map.of("roster", 1, "rosterRemoved", 1, "messages", 1, "messagesRemoved", 0));

        alice.page().evaluate("() => Object.keys(window.mutations).forEach((k) => { window.mutations[k] = 0; })");
        bob.loc("#my-show").selectOption("away"); // one presence stanza
        alice.awaitContactShow("bob@localhost", "away", 10_000);
        assertThat(alice.page().evaluate("() => window.mutations"))
            .isEqualTo(Map.of("roster", 1, "rosterRemoved", 1, "messages", 0, "messagesRemoved", 0));
    }

    @Test
    void unreadCountsInTheTitleAndDesktopNotificationsOnlyAfterTheUserTurnsThemOn() {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        Page bobPage = newPage();
        // A stand-in Notification API that records what the page does, and a switch for document.hidden.
        bobPage.addInitScript("""
            (() => {
              window.notes = [];
              window.permissionAsked = 0;
              class FakeNotification {
                constructor(title, options) { window.notes.push({ title, body: options.body }); }
                close() {}
              }
              FakeNotification.permission = 'default';
              FakeNotification.requestPermission = () => {
                window.permissionAsked += 1;
                FakeNotification.permission = 'granted';
                return Promise.resolve('granted');
              };
              window.Notification = FakeNotification;
              Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.pageHidden === true });
            })();""");
        ChatPage bob = ChatPage.open(bobPage, url).login("bob", Servers.PASSWORD, "websocket");
        assertThat(bob.loc("#sound-toggle")).hasAttribute("aria-pressed", "false");
        assertThat(bob.loc("#notify-toggle")).hasAttribute("aria-pressed", "false");
        assertThat(bobPage.evaluate("() => window.permissionAsked")).isEqualTo(0);

        bob.awaitContactShow("alice@localhost", "available", 10_000);
        bobPage.evaluate("() => { window.pageHidden = true; }");
        alice.awaitContactShow("bob@localhost", "available", 10_000);
        alice.openChat("bob@localhost").send("one");
        assertThat(bobPage).hasTitle("(1) Portico");
        assertThat(bobPage.evaluate("() => window.notes.length")).isEqualTo(0); // not turned on

        bob.loc("#notify-toggle").click();
        assertThat(bob.loc("#notify-toggle")).hasAttribute("aria-pressed", "true");
        assertThat(bobPage.evaluate("() => window.permissionAsked")).isEqualTo(1);
        alice.send("two");
        assertThat(bobPage).hasTitle("(2) Portico");
        assertThat(bobPage.evaluate("() => window.notes")).isEqualTo(List.of(Map.of("title", "alice@localhost", "body", "two")));

        bobPage.evaluate("() => { window.pageHidden = false; }");
        bob.openChat("alice@localhost");
        assertThat(bobPage).hasTitle("Portico");
    }

    private static Locator field(Locator card, String key) {
        return card.locator(".card-field[data-field='" + key + "'] dd");
    }

    private static void editProfile(ChatPage chat, String fullName, String nickname, String email, byte[] picture) {
        chat.loc("#edit-profile").click();
        Locator dialog = chat.loc("#profile-dialog");
        assertThat(dialog).isVisible();
        assertThat(chat.loc("#profile-save")).isEnabled();
        chat.loc("#profile-fn").fill(fullName);
        chat.loc("#profile-nickname").fill(nickname);
        chat.loc("#profile-email").fill(email);
        if (picture != null) {
            chat.loc("#profile-photo-input").setInputFiles(new FilePayload("me.png", "image/png", picture));
            assertThat(chat.loc("#profile-avatar img")).isVisible();
        }
        chat.loc("#profile-save").click();
        assertThat(dialog).isHidden();
    }

    private static byte[] png(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
