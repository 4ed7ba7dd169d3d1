package dev.portico.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Serves the web chat and the widget:
 * <ul>
 *   <li>{@code /} — the chat (login, roster, conversations, stanza log); may not be framed by anyone;</li>
 *   <li>{@code /embed} — the same chat in the widget's frame, framable only by the configured embedders
 *       (CSP {@code frame-ancestors}); query parameters {@code domain}, {@code to} and {@code transport}
 *       preset the login form and the conversation to open;</li>
 *   <li>{@code /widget.js} — the loader that a host page includes with one script tag;</li>
 *   <li>{@code /static/**} — scripts, styles and images of {@code portico-static}, including Strophe.js.</li>
 * </ul>
 * Any other path is left to the next handler ({@link #handle} returns false). Pages are rendered on the
 * calling thread (pure CPU work, no blocking I/O) and written with one non-blocking write, so the
 * response callback is completed by Jetty.
 */
public final class WebClientHandler extends Handler.Abstract.NonBlocking {
    private static final String STATIC_PREFIX = "/static/";
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9\\-.]{0,251}[A-Za-z0-9])?");
    private static final Pattern BARE_JID = Pattern.compile("[^\\s\"&'/:<>@]{1,1023}@[A-Za-z0-9][A-Za-z0-9\\-.]{0,252}");
    private static final Set<String> TRANSPORTS = Set.of("auto", "websocket", "bosh");

    private final WebSettings settings;
    private final PageRenderer renderer;
    private final StaticAssets assets;
    private final SecurityHeaders security;

    /** A handler serving the pages described by {@code settings}, reading templates and assets from the class path. */
    public WebClientHandler(WebSettings settings) {
        ClassLoader loader = WebClientHandler.class.getClassLoader();
        this.settings = settings;
        this.renderer = new PageRenderer(loader);
        this.assets = new StaticAssets(loader);
        this.security = new SecurityHeaders(settings.widgetAllowedEmbedders());
    }

    /** The settings the pages are rendered with. */
    public WebSettings settings() {
        return settings;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        boolean page = path.equals("/") || path.equals("/index.html");
        boolean embed = path.equals("/embed");
        boolean widget = path.equals("/widget.js");
        boolean asset = path.startsWith(STATIC_PREFIX);
        if (!page && !embed && !widget && !asset) {
            return false;
        }
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        if (page || embed) {
            servePage(request, response, callback, embed, head);
        } else if (widget) {
            serveAsset(request, response, callback, "widget.js", true, head);
        } else {
            serveAsset(request, response, callback, path.substring(STATIC_PREFIX.length()), false, head);
        }
        return true;
    }

    private void servePage(Request request, Response response, Callback callback, boolean embed, boolean head) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", settings.title());
        model.put("webSocketPath", settings.webSocketPath());
        model.put("boshPath", settings.boshPath());
        model.put("embed", embed);
        String domain = settings.defaultDomain().orElse("");
        String to = "";
        String room = "";
        String transport = "auto";
        if (embed) {
            Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            domain = valid(query.getValue("domain"), DOMAIN).orElse(domain);
            to = valid(query.getValue("to"), BARE_JID).orElse("");
            room = valid(query.getValue("room"), BARE_JID).orElse("");
            String requested = Optional.ofNullable(query.getValue("transport")).orElse("").toLowerCase(Locale.ROOT);
            transport = TRANSPORTS.contains(requested) ? requested : "auto";
        }
        model.put("defaultDomain", domain);
        model.put("openTo", to);
        model.put("openRoom", room);
        model.put("transport", transport);
        String html = renderer.render("chat", model);

        HttpFields.Mutable headers = response.getHeaders();
        if (embed) {
            security.embed(headers);
        } else {
            security.page(headers);
        }
        headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        write(response, callback, html.getBytes(StandardCharsets.UTF_8), head);
    }

    private void serveAsset(Request request, Response response, Callback callback, String name, boolean widget,
            boolean head) {
        Optional<StaticAssets.Asset> found = assets.find(name);
        if (found.isEmpty()) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return;
        }
        StaticAssets.Asset asset = found.get();
        HttpFields.Mutable headers = response.getHeaders();
        security.asset(headers);
        headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
        headers.put(HttpHeader.ETAG, asset.etag());
        headers.put(HttpHeader.VARY, "Accept-Encoding");
        if (widget) {
            // Loaded by other sites' pages with a plain script tag.
            headers.put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
            headers.put("Cross-Origin-Resource-Policy", "cross-origin");
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        }
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return;
        }
        byte[] body = asset.bytes();
        if (asset.gzipped().isPresent() && acceptsGzip(request)) {
            headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
            body = asset.gzipped().get();
        }
        write(response, callback, body, head);
    }

    private static boolean acceptsGzip(Request request) {
        for (String value : request.getHeaders().getValuesList(HttpHeader.ACCEPT_ENCODING)) {
            if (value.toLowerCase(Locale.ROOT).contains("gzip")) {
                return true;
            }
        }
        return false;
    }

    private static void write(Response response, Callback callback, byte[] body, boolean head) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    private static Optional<String> valid(String value, Pattern pattern) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        return pattern.matcher(v).matches() ? Optional.of(v) : Optional.empty();
    }

    @Override
    public String toString() {
        return "WebClientHandler[" + settings.title() + ", ws=" + settings.webSocketPath() + ", bosh="
                + settings.boshPath() + "]";
    }
}
