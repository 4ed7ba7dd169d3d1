package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;

import dev.portico.config.HttpConfig;
import dev.portico.config.PorticoConfig;
import dev.portico.config.UpstreamConfig;
import dev.portico.server.DemoServerProvider;
import dev.portico.server.Main;
import dev.portico.server.PorticoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer gets from {@code bin/portico} with nothing configured: the embedded demo server behind
 * Portico, wired as Main wires it, and alice and bob (password demo) chatting in two browsers.
 */
class DemoServerChatTest extends BrowserTest {
    private static DemoServerProvider.RunningDemo demo;
    private static PorticoServer portico;

    @BeforeAll
    static void startDemo() throws Exception {
        PorticoConfig d = PorticoConfig.DEFAULTS;
        DemoServerProvider provider = ServiceLoader.load(DemoServerProvider.class).findFirst().orElseThrow();
        demo = provider.start(d.demo());
        PorticoConfig unconfigured = new PorticoConfig(new HttpConfig("127.0.0.1", 0, List.of(), List.of()),
            UpstreamConfig.DEFAULTS, d.websocket(), d.bosh(), d.limits(), d.web(), d.demo());
        portico = new PorticoServer(Main.withDemoUpstream(unconfigured, demo)).start();
    }

    @AfterAll
    static void stopDemo() throws Exception {
        try {
            if (portico != null) {
                portico.close();
            }
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    @Test
    void aliceAndBobChatOnTheDemoServer() {
        String url = portico.baseUrl() + "/";
        ChatPage alice = ChatPage.open(newPage(), url).login("alice@localhost", "demo", "websocket");
        ChatPage bob = ChatPage.open(newPage(), url).login("bob@localhost", "demo", "bosh");

        alice.awaitContactShow("bob@localhost", "available", 10_000);
        bob.awaitContactShow("alice@localhost", "available", 10_000);
        assertThat(alice.loc("#roster section.group[data-group='Friends'] button.contact[data-jid='bob@localhost']"))
            .isVisible();

        alice.openChat("bob@localhost").send("Hello from the demo server");
        bob.openChat("alice@localhost").awaitIncoming("Hello from the demo server");
        bob.send("Hi alice, it works out of the box");
        alice.awaitIncoming("Hi alice, it works out of the box");
        Screenshots.save(alice.page(), "13-demo-chat");
    }
}
