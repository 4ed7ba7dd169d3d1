package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.options.FilePayload;
import dev.portico.config.WebConfig;
import dev.portico.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group chat (XEP-0045) against Prosody's MUC component: three people in one room, the nickname conflict,
 * an invitation accepted with one click, bookmarks that bring a room back on the next login, and the
 * widget joining the room its site names.
 */
class GroupChatTest extends BrowserTest {
    private static final String MUC = "conference.localhost";
    /** A 2×2 PNG for an avatar. */
    private static final byte[] PICTURE = Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGNQ6ggFIgYIBQAbJgP9tJnX9wAAAABJRU5ErkJggg==");
    /** What this class checks with axe-core: the group chat's own parts (ChatToolsTest checks whole pages). */
    private static final String[] GROUP_CHAT_PARTS = {
        "#rooms", "#room-pane", "#join-dialog", "#invite-dialog", "#subject-dialog"};
    private static Servers servers;
    private static HostSite site;
    private static String url;

    @BeforeAll
    static void startServers() throws Exception {
        int sitePort = FreePorts.find();
        servers = Servers.start(new WebConfig("Portico", Optional.of("localhost"), List.of("http://localhost:" + sitePort)),
            prosody -> prosody.modules("pep", "private", "bookmarks", "vcard_legacy").component(MUC, "muc",
                // Prosody creates hidden rooms by default; public ones are listed in the service's disco#items.
                "muc_room_default_public = true"));
        site = HostSite.start(servers.portico.baseUrl(),
            "data-domain=\"localhost\" data-room=\"support@" + MUC + "\"", sitePort);
        url = servers.chatUrl();
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {site, servers}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void threePeopleJoinTalkChangeTheSubjectAndOneLeaves() {
        ChatPage alice = ChatPage.open(newPage(), url).login("alice", Servers.PASSWORD, "websocket");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob", Servers.PASSWORD, "websocket");
        ChatPage carol = ChatPage.open(newPage(), url).login("carol", Servers.PASSWORD, "bosh");

        // alice creates the room by its short name; the dialog found the server's MUC service.
        Locator directoryTitle = openJoinDialog(alice);
        assertThat(directoryTitle).containsText(MUC);
        joinFromDialog(alice, "lunch", null);
        awaitJoined(alice, "lunch@" + MUC);
        assertThat(occupant(alice, "alice")).hasAttribute("data-role", "moderator");
        assertThat(occupant(alice, "alice")).hasAttribute("data-affiliation", "owner");

        // The owner may change the subject.
        alice.loc("#room-subject-edit").click();
        alice.loc("#subject-input").fill("Friday lunch: pizza or sushi?");
        alice.loc("#subject-submit").click();
        assertThat(alice.loc("#room-subject")).hasText("Friday lunch: pizza or sushi?");

        // bob picks the room from the service's list.
        openJoinDialog(bob);
        assertThat(Axe.seriousViolations(bob.page(), GROUP_CHAT_PARTS)).isEmpty();
        bob.loc("#room-directory button[data-jid='lunch@" + MUC + "']").click();
        assertThat(bob.loc("#join-room-jid")).hasValue("lunch@" + MUC);
        bob.loc("#join-submit").click();
        awaitJoined(bob, "lunch@" + MUC);
        assertThat(bob.loc("#room-subject")).hasText("Friday lunch: pizza or sushi?");
        assertThat(bob.loc("#room-subject-edit")).isHidden();
        assertThat(occupant(bob, "alice")).hasAttribute("data-role", "moderator");
        assertThat(occupant(alice, "bob")).hasAttribute("data-role", "participant");
        // bob sets a picture while in the room: his next room presence names its XEP-0153 hash.
        bob.loc("#edit-profile").click();
        assertThat(bob.loc("#profile-save")).isEnabled(); // the current card has loaded
        bob.loc("#profile-photo-input").setInputFiles(new FilePayload("me.png", "image/png", PICTURE));
        assertThat(bob.loc("#profile-avatar img")).isVisible();
        bob.loc("#profile-save").click();
        assertThat(bob.loc("#profile-dialog")).isHidden();
        // alice sees bob's picture, fetched through the room from his vCard; an entry without one keeps initials.
        assertThat(occupant(alice, "bob").locator(".avatar img"))
            .hasAttribute("src", Pattern.compile("^data:image/png;base64,"));
        assertThat(occupant(bob, "alice").locator(".avatar img")).hasCount(0);
        assertThat(occupant(bob, "alice").locator(".avatar")).not().isEmpty();

        // carol asks for bob's nickname: the room refuses, the page says why and proposes another one.
        openJoinDialog(carol);
        joinFromDialog(carol, "lunch@" + MUC, "bob");
        Locator status = carol.loc("#room-status");
        assertThat(status).hasAttribute("data-state", "error");
        assertThat(status.locator(".room-error")).hasText("The nickname “bob” is already taken in this room. Choose another one.");
        assertThat(carol.loc("#room-retry-nick")).hasValue("bob2");
        assertThat(Axe.seriousViolations(carol.page(), GROUP_CHAT_PARTS)).isEmpty();
        carol.loc("#room-retry-nick").fill("carol");
        status.locator("button[type='submit']").click();
        awaitJoined(carol, "lunch@" + MUC);
        // carol, who came later (over BOSH), gets bob's picture from his presence in the initial list.
        assertThat(occupant(carol, "bob").locator(".avatar img")).hasCount(1);
        for (ChatPage page : List.of(alice, bob, carol)) {
            assertThat(page.loc("#occupant-list li.occupant")).hasCount(3);
            assertThat(page.loc("#occupant-count")).hasText("3 people here");
        }

        // Messages reach everyone; the sender sees their own once, confirmed by the room's echo.
        sendToRoom(alice, "Pizza at 12:30?");
        assertThat(alice.loc("#room-messages li.msg.out:not(.pending) .msg-body")).hasText(new String[] {"Pizza at 12:30?"});
        for (ChatPage other : List.of(bob, carol)) {
            Locator in = other.loc("#room-messages li.msg.in").filter(new Locator.FilterOptions().setHasText("Pizza at 12:30?"));
            assertThat(in).hasCount(1);
            assertThat(in.locator(".msg-nick")).hasText("alice");
        }
        sendToRoom(bob, "Sushi, please!");
        assertThat(alice.loc("#room-messages li.msg.in[data-nick='bob'] .msg-body")).hasText("Sushi, please!");
        sendToRoom(carol, "Either works for me.");
        assertThat(bob.loc("#room-messages li.msg.in[data-nick='carol'] .msg-body")).hasText("Either works for me.");
        assertThat(alice.loc("#room-messages li.msg.out")).hasCount(1);
        assertThat(carol.loc("#room-messages li.msg.out")).hasCount(1);
        // Room traffic stays out of the one-to-one conversations.
        assertThat(alice.loc("#roster button.contact[data-jid='lunch@" + MUC + "']")).hasCount(0);

        // Rendering is incremental: a presence change replaces bob's entry only, a message appends one node.
        watchMutations(alice.page());
        bob.setPresence("away", "getting coffee");
        assertThat(occupant(alice, "bob")).hasAttribute("data-show", "away");
        assertThat(occupant(alice, "bob").locator(".contact-status")).hasText("getting coffee");
        List<String> changes = mutations(alice.page());
        assertThat(changes).isNotEmpty().allMatch(c -> c.equals("occupant-list +1 -1"), "one entry replaced per presence");
        watchMutations(alice.page());
        sendToRoom(carol, "One more node");
        assertThat(alice.loc("#room-messages li.msg.in").last()).containsText("One more node");
        assertThat(mutations(alice.page())).containsExactly("room-messages +1 -0");

        Screenshots.save(alice.page(), "13-room");
        assertThat(Axe.seriousViolations(alice.page(), GROUP_CHAT_PARTS)).isEmpty();

        // carol leaves; the others see her go.
        carol.loc("#room-leave").click();
        assertThat(carol.loc("#room-pane")).isHidden();
        assertThat(carol.loc("#room-list button.room")).hasCount(0);
        assertThat(occupant(alice, "carol")).hasCount(0);
        assertThat(alice.loc("#occupant-list li.occupant")).hasCount(2);
        assertThat(alice.loc("#room-messages li.room-event").last()).hasText("carol left the room");
    }

    @Test
    void anInvitationIsAcceptedWithOneClickBookmarksBringTheRoomBackAndALostConnectionRejoins() {
        // alice's WebSockets run through a route the test can cut, like a network loss (the route is
        // installed into the page, so before it loads).
        Page alicePage = newPage();
        List<WebSocketRoute[]> sockets = new CopyOnWriteArrayList<>();
        alicePage.routeWebSocket(Pattern.compile(".*/xmpp-websocket$"),
            ws -> sockets.add(new WebSocketRoute[] {ws, ws.connectToServer()}));
        ChatPage alice = ChatPage.open(alicePage, url).login("alice", Servers.PASSWORD, "websocket");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob", Servers.PASSWORD, "websocket");
        String room = "plans@" + MUC;
        openJoinDialog(alice);
        joinFromDialog(alice, room, null);
        awaitJoined(alice, room);

        alice.loc("#room-invite").click();
        alice.loc("#invite-jid").fill("bob");
        alice.loc("#invite-reason").fill("Planning the trip");
        alice.loc("#invite-submit").click();
        Locator invitation = bob.loc("#invitations .invitation[data-room='" + room + "']");
        assertThat(invitation).containsText("Invitation from alice@localhost: Planning the trip");
        invitation.locator("button", new Locator.LocatorOptions().setHasText("Join")).click();
        awaitJoined(bob, room);
        assertThat(bob.loc("#invitations")).isHidden();
        assertThat(occupant(alice, "bob")).hasCount(1);

        // A mediated invitation (XEP-0045 §7.8.2, sent here from alice's XML console) goes through the room,
        // which adds a plain body for old clients: carol sees an invitation, not a chat with the room.
        ChatPage carol = ChatPage.open(newPage(), url).login("carol", Servers.PASSWORD, "websocket");
        alice.openConsole();
        alice.loc("#console-input").fill("<message to='" + room + "'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<invite to='carol@localhost'><reason>Join us</reason></invite></x></message>");
        alice.loc("#console-send").click();
        alice.loc("#console-close").click();
        Locator mediated = carol.loc("#invitations .invitation[data-room='" + room + "']");
        assertThat(mediated).containsText("Invitation from alice: Join us");
        mediated.locator("button", new Locator.LocatorOptions().setHasText("Join")).click();
        awaitJoined(carol, room);
        assertThat(carol.loc("#roster button.contact[data-jid='" + room + "']")).hasCount(0);
        assertThat(occupant(alice, "carol")).hasCount(1);
        carol.loc("#room-leave").click();
        assertThat(occupant(alice, "carol")).hasCount(0);

        // alice signs out and in again: her bookmark joins the room by itself.
        alice.loc("#logout").click();
        assertThat(alice.loc("#login-view")).isVisible();
        assertThat(occupant(bob, "alice")).hasCount(0);
        alice.login("alice", Servers.PASSWORD, "websocket");
        Locator row = alice.loc("#room-list button.room[data-jid='" + room + "']");
        assertThat(row).hasAttribute("data-state", "joined");
        assertThat(occupant(bob, "alice")).hasCount(1);
        row.click();
        assertThat(alice.loc("#occupant-list li.occupant")).hasCount(2);
        sendToRoom(bob, "Before the cut");
        Locator before = alice.loc("#room-messages li.msg.in").filter(new Locator.FilterOptions().setHasText("Before the cut"));
        assertThat(before).hasCount(1);

        // The connection is lost: a fresh login follows, the room is joined again, and the history the room
        // replays does not show a message twice.
        int opened = sockets.size();
        WebSocketRoute[] socket = sockets.get(opened - 1);
        socket[1].close();
        socket[0].close();
        alice.page().waitForCondition(() -> sockets.size() > opened);
        alice.awaitOnline();
        assertThat(row).hasAttribute("data-state", "joined");
        sendToRoom(bob, "After the cut");
        assertThat(alice.loc("#room-messages li.msg.in").filter(new Locator.FilterOptions().setHasText("After the cut")))
            .hasCount(1);
        assertThat(before).hasCount(1);
        sendToRoom(alice, "I am back");
        assertThat(bob.loc("#room-messages li.msg.in[data-nick='alice'] .msg-body").last()).hasText("I am back");
    }

    @Test
    void theWidgetJoinsTheRoomItsSiteNames() {
        ChatPage bob = ChatPage.open(newPage(), url).login("bob", Servers.PASSWORD, "websocket");
        openJoinDialog(bob);
        joinFromDialog(bob, "support", null);
        awaitJoined(bob, "support@" + MUC);

        Page host = newPage(1000, 760, com.microsoft.playwright.options.ColorScheme.LIGHT);
        host.navigate(site.url("localhost"));
        host.locator("[data-portico-widget] button.launcher").click();
        ChatPage carol = ChatPage.inWidget(host);
        carol.login("carol", Servers.PASSWORD, "auto");
        awaitJoined(carol, "support@" + MUC);
        sendToRoom(carol, "Hello, my teapot arrived cracked.");
        assertThat(bob.loc("#room-messages li.msg.in[data-nick='carol'] .msg-body")).hasText("Hello, my teapot arrived cracked.");
        sendToRoom(bob, "Sorry to hear that! We will send a new one.");
        assertThat(carol.loc("#room-messages li.msg.in[data-nick='bob'] .msg-body"))
            .hasText("Sorry to hear that! We will send a new one.");
        Screenshots.save(host, "14-widget-room");
    }

    private static Locator openJoinDialog(ChatPage page) {
        page.loc("#join-room").click();
        assertThat(page.loc("#join-dialog")).isVisible();
        Locator title = page.loc("#room-directory-title");
        assertThat(title).not().hasText("Looking for rooms on your server…");
        return title;
    }

    private static void joinFromDialog(ChatPage page, String room, String nick) {
        page.loc("#join-room-jid").fill(room);
        if (nick != null) {
            page.loc("#join-nick").fill(nick);
        }
        page.loc("#join-submit").click();
        assertThat(page.loc("#join-dialog")).isHidden();
    }

    private static void awaitJoined(ChatPage page, String room) {
        assertThat(page.loc("#room-pane")).isVisible();
        assertThat(page.loc("#room-address")).hasText(room);
        assertThat(page.loc("#room-list button.room[data-jid='" + room + "']")).hasAttribute("data-state", "joined");
        assertThat(page.loc("#room-input")).isEnabled();
    }

    /** Starts recording child-list changes of the occupant list and the message list. */
    private static void watchMutations(Page page) {
        page.evaluate("""
            () => {
              if (window.roomObserver) window.roomObserver.disconnect();
              window.roomMutations = [];
              window.roomObserver = new MutationObserver((records) => records.forEach((r) => window.roomMutations.push(
                `${r.target.id} +${r.addedNodes.length} -${r.removedNodes.length}`)));
              for (const id of ['occupant-list', 'room-messages']) {
                window.roomObserver.observe(document.getElementById(id), { childList: true });
              }
            }""");
    }

    @SuppressWarnings("unchecked")
    private static List<String> mutations(Page page) {
        return (List<String>) page.evaluate("() => window.roomMutations");
    }

    private static Locator occupant(ChatPage page, String nick) {
        return page.loc("#occupant-list li.occupant[data-nick='" + nick + "']");
    }

    private static void sendToRoom(ChatPage page, String text) {
        Locator input = page.loc("#room-input");
        input.fill(text);
        input.press("Enter");
        assertThat(input).hasValue("");
    }
}
