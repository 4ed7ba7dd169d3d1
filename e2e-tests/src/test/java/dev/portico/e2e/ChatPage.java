package dev.portico.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/**
 * The web chat as a person uses it, on a page or inside the widget's frame. Locators follow what a user
 * sees (labels, roles) where the page offers them.
 */
final class ChatPage {
    private final Page page;
    private final FrameLocator frame; // null on the full page

    private ChatPage(Page page, FrameLocator frame) {
        this.page = page;
        this.frame = frame;
    }

    /** The chat at {@code url} (the full page). */
    static ChatPage open(Page page, String url) {
        page.navigate(url);
        ChatPage chat = new ChatPage(page, null);
        assertThat(chat.loc("#login-form")).isVisible();
        return chat;
    }

    /** The chat inside the widget's iframe on a host page. */
    static ChatPage inWidget(Page page) {
        return new ChatPage(page, page.frameLocator("[data-portico-widget] iframe"));
    }

    Page page() {
        return page;
    }

    Locator loc(String selector) {
        return frame == null ? page.locator(selector) : frame.locator(selector);
    }

    /** Fills the login form without submitting. */
    ChatPage fillLogin(String user, String password, String transport) {
        loc("#login-jid").fill(user);
        loc("#login-password").fill(password);
        loc("label[for='transport-" + transport + "']").click();
        return this;
    }

    /** Submits the login form. */
    ChatPage submit() {
        loc("#login-submit").click();
        return this;
    }

    /** Logs in and waits until online. */
    ChatPage login(String user, String password, String transport) {
        fillLogin(user, password, transport).submit();
        awaitOnline();
        return this;
    }

    ChatPage awaitOnline() {
        assertThat(loc("#chat-view")).isVisible();
        assertThat(loc("#conn-status")).hasAttribute("data-state", "online");
        return this;
    }

    /** The roster row of a contact. */
    Locator contact(String jid) {
        return loc("#roster button.contact[data-jid='" + jid + "']");
    }

    /** Waits until the contact shows {@code show} (available, away, offline…). */
    ChatPage awaitContactShow(String jid, String show, double timeoutMs) {
        assertThat(contact(jid)).hasAttribute("data-show", show,
            new LocatorAssertions.HasAttributeOptions().setTimeout(timeoutMs));
        return this;
    }

    ChatPage openChat(String jid) {
        contact(jid).click();
        assertThat(loc("#chat-pane")).isVisible();
        assertThat(loc("#peer-name")).not().isEmpty();
        return this;
    }

    ChatPage send(String text) {
        Locator input = loc("#composer-input");
        input.fill(text);
        input.press("Enter");
        assertThat(input).hasValue("");
        return this;
    }

    /** Incoming message bodies in the open conversation. */
    Locator incoming() {
        return loc("#messages li.msg.in .msg-body");
    }

    /** Own message bodies in the open conversation. */
    Locator outgoing() {
        return loc("#messages li.msg.out .msg-body");
    }

    ChatPage awaitIncoming(String text) {
        assertThat(incoming().filter(new Locator.FilterOptions().setHasText(text))).hasCount(1);
        return this;
    }

    ChatPage setPresence(String show, String status) {
        loc("#my-show").selectOption(show);
        Locator statusInput = loc("#my-status");
        statusInput.fill(status);
        statusInput.press("Enter");
        return this;
    }

    ChatPage openConsole() {
        loc("#console-toggle").click();
        assertThat(loc("#console")).isVisible();
        return this;
    }

    /** Console entries whose text matches. */
    Locator logEntries(String text) {
        return loc("#log-entries li.log-entry").filter(new Locator.FilterOptions().setHasText(text));
    }

    Locator loginError() {
        return loc("#login-error");
    }

    Locator connectionStatus() {
        return loc("#conn-status");
    }

    static Pattern contains(String text) {
        return Pattern.compile(Pattern.quote(text));
    }
}
