package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.APIResponse;
import dev.portico.config.WebConfig;
import dev.portico.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embeddable widget on other sites: an allowed embedder gets a working chat in Portico's frame; a
 * site that is not allowed cannot frame it (CSP frame-ancestors).
 */
class WidgetTest extends BrowserTest {
    private static final String WIDGET_ATTRIBUTES = "data-domain=\"localhost\" data-to=\"bob@localhost\"";
    private static HostSite allowedSite;
    private static HostSite otherSite;
    private static Servers servers;

    @BeforeAll
    static void startServers() throws Exception {
        // Portico's allowed embedders name the site's origin, and the site's page names Portico's address:
        // reserve the site's port first.
        int sitePort = FreePorts.find();
        servers = Servers.start(new WebConfig("Example Shop Support", Optional.of("localhost"),
            List.of("http://localhost:" + sitePort)));
        allowedSite = HostSite.start(servers.portico.baseUrl(), WIDGET_ATTRIBUTES, sitePort);
        otherSite = HostSite.start(servers.portico.baseUrl(), WIDGET_ATTRIBUTES, 0);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {allowedSite, otherSite, servers}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void widgetOnAnAllowedSiteOpensLogsInAndChats() {
        ChatPage bob = ChatPage.open(newPage(), servers.chatUrl()).login("bob@localhost", Servers.PASSWORD, "websocket");

        Page host = newPage();
        host.navigate(allowedSite.url("localhost"));
        Locator launcher = host.locator("[data-portico-widget] button.launcher");
        assertThat(launcher).hasAttribute("aria-label", "Open chat");
        // The loader adds exactly one element to the host page and leaves the rest alone.
        assertThat(host.locator("body > [data-portico-widget]")).hasCount(1);
        assertThat(host.locator("#host-heading")).hasText("Handmade teapots");
        Object headBefore = host.evaluate("() => document.head.innerHTML");
        Object bodyChildren = host.evaluate("() => document.body.children.length");
        launcher.click();
        assertThat(launcher).hasAttribute("aria-expanded", "true");

        ChatPage alice = ChatPage.inWidget(host);
        assertThat(alice.loc("#login-title")).hasText("Example Shop Support");
        alice.fillLogin("alice", Servers.PASSWORD, "auto");
        Screenshots.save(host, "07-widget-login");
        alice.submit().awaitOnline();

        // data-to opens the conversation with bob straight away.
        assertThat(alice.loc("#peer-name")).hasText("bob@localhost");
        alice.send("Hello from the shop's widget");
        bob.awaitContactShow("alice@localhost", "available", 10_000);
        bob.openChat("alice@localhost").awaitIncoming("Hello from the shop's widget");
        bob.send("Hi! How can I help?");
        alice.awaitIncoming("Hi! How can I help?");
        Screenshots.save(host, "08-widget-chat");
        assertThat(host.evaluate("() => document.head.innerHTML")).isEqualTo(headBefore);
        assertThat(host.evaluate("() => document.body.children.length")).isEqualTo(bodyChildren);

        launcher.click();
        assertThat(host.locator("[data-portico-widget] .panel")).isHidden();
    }

    @Test
    void onAPhoneTheWidgetFillsTheScreenAndMinimises() {
        Page host = newPage(390, 844, ColorScheme.LIGHT);
        host.navigate(allowedSite.url("localhost"));
        Locator launcher = host.locator("[data-portico-widget] button.launcher");
        launcher.click();
        Locator panel = host.locator("[data-portico-widget] .panel");
        assertThat(panel).isVisible();
        assertThat(ChatPage.inWidget(host).loc("#login-form")).isVisible();
        BoundingBox box = panel.boundingBox();
        assertThat(box.width).isEqualTo(390.0);
        assertThat(box.height).isEqualTo(844.0);
        Screenshots.save(host, "12-widget-phone");
        host.locator("[data-portico-widget] button[aria-label='Minimise chat']").click();
        assertThat(panel).isHidden();
        assertThat(launcher).isVisible();
        assertThat(launcher).isFocused();
    }

    @Test
    void aSiteThatIsNotAllowedCannotFrameTheChat() {
        Page host = newPage();
        List<String> console = new CopyOnWriteArrayList<>();
        host.onConsoleMessage(msg -> console.add(msg.text()));
        host.navigate(otherSite.url("localhost"));
        host.locator("[data-portico-widget] button.launcher").click();

        ChatPage framed = ChatPage.inWidget(host);
        host.waitForCondition(() -> console.stream().anyMatch(m -> m.contains("frame-ancestors")),
            new Page.WaitForConditionOptions().setTimeout(10_000));
        assertThat(framed.loc("#login-form")).hasCount(0);

        // The main page may not be framed by anyone; the frame only by the allowed site (and Portico itself).
        APIResponse main = host.request().get(servers.chatUrl());
        assertThat(main.headers().get("content-security-policy")).contains("frame-ancestors 'none'")
            .doesNotContain("unsafe-inline");
        assertThat(main.headers().get("x-frame-options")).isEqualTo("DENY");
        APIResponse embed = host.request().get(servers.portico.baseUrl() + "/embed");
        assertThat(embed.headers().get("content-security-policy"))
            .contains("frame-ancestors 'self' http://localhost:" + allowedSite.port());
    }
}
