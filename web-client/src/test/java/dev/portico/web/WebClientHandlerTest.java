package dev.portico.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages, the loader and the assets over real HTTP, with their security headers. */
class WebClientHandlerTest {
    private static Server server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(new WebClientHandler(new WebSettings("Acme <Chat>", Optional.of("example.com"),
            "/xmpp-websocket", "/http-bind", List.of("https://shop.example"))));
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chatPageIsRenderedWithAStrictPolicyAndMayNotBeFramed() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        String csp = page.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
            .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.body())
            .contains("<title>Acme &lt;Chat&gt;</title>")
            .contains("data-websocket-path=\"/xmpp-websocket\"", "data-bosh-path=\"/http-bind\"")
            .contains("data-default-domain=\"example.com\"", "data-embed=\"false\"")
            .doesNotContain("<script>").doesNotContain(" style=\"").doesNotContain("onclick");
    }

    @Test
    void embedMayBeFramedByConfiguredSitesAndTakesOnlyValidParameters() throws Exception {
        HttpResponse<String> embed = get("/embed?domain=shop.example&to=support@shop.example"
            + "&room=help@rooms.shop.example&transport=BOSH");
        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(embed.headers().firstValue("content-security-policy").orElseThrow())
            .contains("frame-ancestors 'self' https://shop.example");
        assertThat(embed.headers().firstValue("x-frame-options")).isEmpty();
        assertThat(embed.body()).contains("data-default-domain=\"shop.example\"", "data-open-to=\"support@shop.example\"",
            "data-open-room=\"help@rooms.shop.example\"",
            "data-transport=\"bosh\"", "data-embed=\"true\"", "class=\"embed\"");

        HttpResponse<String> hostile = get("/embed?domain=%22%3E%3Cscript%3E&to=%3Cimg%3E@x&room=a%22b@x&transport=ftp");
        assertThat(hostile.body()).contains("data-default-domain=\"example.com\"", "data-transport=\"auto\"")
            .doesNotContain("data-open-to=\"&lt;").doesNotContain("data-open-room=\"a")
            .doesNotContain("<img>").doesNotContain("\"><script>");
    }

    @Test
    void widgetLoaderIsServedForOtherSites() throws Exception {
        HttpResponse<String> widget = get("/widget.js");
        assertThat(widget.statusCode()).isEqualTo(200);
        assertThat(widget.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(widget.headers().firstValue("cross-origin-resource-policy")).hasValue("cross-origin");
        assertThat(widget.body()).contains("attachShadow").contains("embed");
        assertThat(widget.body().length()).as("the loader stays small").isLessThan(8 * 1024);
    }

    @Test
    void assetsAreTypedCachedAndConfinedToTheAssetFolder() throws Exception {
        HttpResponse<String> css = get("/static/css/portico.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        String etag = css.headers().firstValue("etag").orElseThrow();
        assertThat(get("/static/css/portico.css", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/static/js/main.js").headers().firstValue("content-type"))
            .hasValue("text/javascript; charset=utf-8");

        assertThat(get("/static/../templates/chat.html").statusCode()).isEqualTo(404);
        assertThat(get("/static/%2e%2e/templates/chat.html").statusCode()).isIn(400, 404);
        assertThat(get("/static/js/missing.js").statusCode()).isEqualTo(404);
        assertThat(get("/static/js/main.java").statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void settingsRejectEmbeddersThatCouldInjectPolicy() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebSettings("t", Optional.empty(), "/ws", "/bosh",
            List.of("https://a.example; script-src *"))).isInstanceOf(IllegalArgumentException.class);
    }
}
