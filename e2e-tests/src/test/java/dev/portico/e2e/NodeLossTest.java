package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.portico.testing.HaproxyServer;
import dev.portico.testing.PorticoProcess;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.ProsodyShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Portico node stopped (SIGTERM) under a live conversation, two nodes behind the shipped HAProxy
 * configuration: the page resumes its XEP-0198 session through the other node, and every message bob sent
 * arrives exactly once; the server holds one session for alice afterwards.
 */
class NodeLossTest extends BrowserTest {
    private static final Pattern WS_ACTIVE =
        Pattern.compile("^portico_sessions_active\\{[^}]*transport=\"websocket\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProsodyServer prosody;
    private static PorticoProcess node1;
    private static PorticoProcess node2;
    private static HaproxyServer haproxy;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob").password(Servers.PASSWORD)
            .requireEncryption(false).rosterBoth("alice", "bob", "Friends").modules(SessionSurvivalTest.MODULES).start();
        node1 = PorticoProcess.start(nodeConfig());
        node2 = PorticoProcess.start(nodeConfig());
        haproxy = HaproxyServer.inFrontOf(node1.port(), node2.port());
    }

    private static String nodeConfig() {
        return String.join("\n", "http:", "  bind: 127.0.0.1", "  port: 0", "upstream:", "  domains:", "    localhost:",
            "      host: 127.0.0.1", "      port: " + prosody.c2sPort(), "  tls: disabled", "");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {haproxy, node1, node2, prosody}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aStoppedNodeUnderALiveConversationIsResumedThroughTheOtherNode() throws Exception {
        ChatPage alice = ChatPage.open(newPage(), haproxy.baseUrl() + "/").login("alice@localhost", Servers.PASSWORD, "websocket");
        alice.openChat("bob@localhost");
        PorticoProcess aliceNode = webSocketSessions(node1) > 0 ? node1 : node2;
        PorticoProcess otherNode = aliceNode == node1 ? node2 : node1;
        int total = 14;
        URI bobWebSocket = URI.create("ws://127.0.0.1:" + otherNode.port() + "/xmpp-websocket");
        try (SessionSurvivalTest.Ticker bob = SessionSurvivalTest.Ticker.start(bobWebSocket, "bob", "alice@localhost", total, "node-")) {
            assertThat(alice.incoming().filter(new Locator.FilterOptions().setHasText("node-03"))).hasCount(1);
            aliceNode.terminate();
            aliceNode.awaitExit(30);
            assertThat(alice.incoming().filter(new Locator.FilterOptions().setHasText("node-" + SessionSurvivalTest.two(total))))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(45_000));
        }
        SessionSurvivalTest.assertEachOnce(alice, "node-", total);
        assertThat(alice.connectionStatus()).hasAttribute("data-state", "online");
        alice.openConsole();
        assertThat(alice.logEntries("<resumed ")).hasCount(1); // resumed, not signed in anew
        assertThat(new ProsodyShell(prosody).sessionsOf("alice")).isEqualTo(1);
    }

    private static double webSocketSessions(PorticoProcess node) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = WS_ACTIVE.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
