package dev.portico.transport.bosh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.config.PorticoConfig;
import dev.portico.session.ClientSession;
import dev.portico.session.SessionServices;
import dev.portico.transport.ClientAddresses;
import dev.portico.transport.ConnectionLimiter;
import dev.portico.transport.OriginPolicy;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of BOSH at {@code bosh.path}: CORS (preflight and every answer, errors included), a short
 * page for {@code GET}, gzip both ways, and {@code POST} bodies read asynchronously and handed to the
 * {@link BoshService}. A held request returns from {@link #handle} at once and completes its
 * {@link Callback} when the session answers it, so held requests tie up no thread.
 */
public final class BoshHandler extends Handler.Abstract.NonBlocking implements Graceful {
    /** Over-long bodies up to this many times the limit are read and dropped so the refusal arrives. */
    private static final int DRAIN_FACTOR = 16;
    /**
     * Smaller answers go out uncompressed even to a client that accepts gzip: a chat message or an empty
     * body saves a few dozen bytes at most, while each compression sets up and tears down a zlib stream
     * (measured: about a tenth of Portico's CPU and allocation per BOSH message at 1,000 msg/s).
     */
    static final int GZIP_MIN_BYTES = 1024;

    private volatile boolean shuttingDown;

    private static final Logger LOG = LoggerFactory.getLogger(BoshHandler.class);
    private static final String PAGE = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Portico BOSH</title>"
        + "</head><body><h1>Portico BOSH endpoint</h1><p>This address speaks XEP-0124/XEP-0206 (BOSH): an XMPP "
        + "client POSTs <code>&lt;body/&gt;</code> elements here. There is nothing to see with a browser.</p>"
        + "</body></html>";

    private final String path;
    private final OriginPolicy origins;
    private final BoshService service;
    private final ClientAddresses addresses;
    private final ConnectionLimiter connections;
    private final Scheduler scheduler;
    private final Duration bodyTimeout;

    /** The production handler: sessions adapt real {@link ClientSession}s. */
    public BoshHandler(PorticoConfig config, SessionServices services, OriginPolicy origins,
                       ConnectionLimiter connections) {
        this(config.bosh().path(), origins, new BoshService(BoshSettings.from(config),
            (sink, address) -> new SessionUpstream(new ClientSession(services, sink, address, "bosh")),
            services.scheduler(), Ticker.systemTicker(), Runnable::run),
            new ClientAddresses(config.http().trustedProxies()), connections, services.scheduler(),
            config.limits().openTimeout());
    }

    /** For tests of the binding: no connection cap, no body deadline. */
    BoshHandler(String path, OriginPolicy origins, BoshService service) {
        this(path, origins, service, new ClientAddresses(List.of()), new ConnectionLimiter(Integer.MAX_VALUE), null,
            null);
    }

    /**
     * @param connections counts this request under {@code limits.max-connections-per-ip} until answered
     * @param scheduler   runs the body deadline; null for none
     * @param bodyTimeout how long the body may take to arrive ({@code limits.open-timeout})
     */
    BoshHandler(String path, OriginPolicy origins, BoshService service, ClientAddresses addresses,
                ConnectionLimiter connections, Scheduler scheduler, Duration bodyTimeout) {
        this.path = path;
        this.origins = origins;
        this.service = service;
        this.addresses = addresses;
        this.connections = connections;
        this.scheduler = scheduler;
        this.bodyTimeout = bodyTimeout;
    }

    /** Held requests and BOSH's own queued bytes over all sessions, a snapshot for metrics. */
    public BoshStats stats() {
        return service.stats();
    }

    /** Graceful stop: held requests are answered with {@code system-shutdown} before connectors close. */
    @Override
    public CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        service.shutdown();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isShutdown() {
        return shuttingDown;
    }

    @Override
    protected void doStop() throws Exception {
        service.shutdown();
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!path.equals(Request.getPathInContext(request))) {
            return false;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.allows(origin)) {
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "origin not allowed");
            return true;
        }
        if (origin != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
        String method = request.getMethod();
        if (HttpMethod.OPTIONS.is(method)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST, GET, OPTIONS");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Content-Encoding");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
            response.setStatus(HttpStatus.NO_CONTENT_204);
            callback.succeeded();
        } else if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.write(true, HttpMethod.HEAD.is(method) ? BufferUtil.EMPTY_BUFFER
                : ByteBuffer.wrap(PAGE.getBytes(StandardCharsets.UTF_8)), callback);
        } else if (HttpMethod.POST.is(method)) {
            post(request, response, callback);
        } else {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, GET, OPTIONS");
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        }
        return true;
    }

    private void post(Request request, Response response, Callback callback) {
        if (!RequestContentType.acceptable(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            Response.writeError(request, response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
                "BOSH bodies are XML: send them as text/xml; charset=utf-8");
            return;
        }
        String address = addresses.of(request.getConnectionMetaData().getRemoteSocketAddress(), request.getHeaders());
        ConnectionLimiter.Permit permit = connections.admit(address, "BOSH request", request, response, callback);
        if (permit == null) {
            return;
        }
        // Counted from here until the answer is written (a held request stays counted while held).
        Callback counted = Callback.from(callback, permit::release);
        long declared = request.getLength();
        int max = service.settings().maxBodyBytes();
        boolean gzipped = "gzip".equalsIgnoreCase(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
        HttpExchange exchange = new HttpExchange(response, counted, acceptsGzip(request));
        if (declared > max) {
            // Not processed: the session named in it (if any) cannot be found without parsing it.
            BodyDrain.discard(request, DRAIN_FACTOR * (long) max, () -> exchange.respond(200,
                SessionTerms.DEFAULT_CONTENT_TYPE, BodyXml.terminal(BoshCondition.POLICY_VIOLATION), Callback.NOOP));
            return;
        }
        BodyReader.read(request, max + 1, scheduler, bodyTimeout, new BodyReader.Done() {
            @Override
            public void body(byte[] body) {
                // Only now may the request outlive the connector's idle timeout: 'wait' bounds a held one.
                request.addIdleTimeoutListener(timeout -> false);
                byte[] plain = body;
                if (gzipped) {
                    try {
                        plain = gunzip(body, max);
                    } catch (UncheckedIOException e) {
                        plain = new byte[0];
                    }
                }
                try {
                    service.process(plain, address, exchange);
                } catch (RuntimeException e) {
                    LOG.warn("BOSH request from {} failed", address, e);
                    exchange.respond(200, SessionTerms.DEFAULT_CONTENT_TYPE,
                        BodyXml.terminal(BoshCondition.INTERNAL_SERVER_ERROR), Callback.NOOP);
                }
            }

            @Override
            public void failed(Throwable cause) {
                // Larger than allowed, too slow, or the connection broke while reading.
                LOG.debug("BOSH body from {} not read: {}", address, cause.toString());
                exchange.respond(200, SessionTerms.DEFAULT_CONTENT_TYPE, BodyXml.terminal(BoshCondition.POLICY_VIOLATION),
                    Callback.NOOP);
            }
        });
    }

    /** Whether any Accept-Encoding header mentions gzip (read without allocating: asked on every POST). */
    private static boolean acceptsGzip(Request request) {
        HttpFields headers = request.getHeaders();
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            if (field.getHeader() == HttpHeader.ACCEPT_ENCODING && containsIgnoreCase(field.getValue(), "gzip")) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsIgnoreCase(String value, String part) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i + part.length() <= value.length(); i++) {
            if (value.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gunzip(byte[] body, int max) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] plain = in.readNBytes(max + 1);
            return plain;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Jetty request left pending until its session answers. It is also the callback of the answer's write
     * (answered at most once, so {@link #written} is set once, before the write starts).
     */
    private static final class HttpExchange implements BoshExchange, Callback {
        /** Header fields every answer carries, built once. */
        private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
            SessionTerms.DEFAULT_CONTENT_TYPE);
        private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
        private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");

        private final Response response;
        private final Callback callback;
        private final boolean gzip;
        private final AtomicBoolean answered = new AtomicBoolean();
        private Callback written;

        HttpExchange(Response response, Callback callback, boolean gzip) {
            this.response = response;
            this.callback = callback;
            this.gzip = gzip;
        }

        @Override
        public void respond(int status, String contentType, byte[] body, Callback written) {
            if (!answered.compareAndSet(false, true)) {
                written.failed(new IllegalStateException("already answered"));
                return;
            }
            this.written = written;
            byte[] bytes = body;
            response.setStatus(status);
            HttpFields.Mutable headers = response.getHeaders();
            if (contentType.equals(SessionTerms.DEFAULT_CONTENT_TYPE)) {
                headers.put(CONTENT_TYPE);
            } else {
                headers.put(HttpHeader.CONTENT_TYPE, contentType);
            }
            headers.put(NO_STORE);
            headers.add(VARY);
            if (gzip && bytes.length >= GZIP_MIN_BYTES) {
                bytes = gzip(bytes);
                headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
            }
            headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), this);
        }

        /** The answer is written. */
        @Override
        public void succeeded() {
            callback.succeeded();
            written.succeeded();
        }

        /** The answer could not be written. */
        @Override
        public void failed(Throwable x) {
            callback.failed(x);
            written.failed(x);
        }

        @Override
        public void abandon() {
            if (answered.compareAndSet(false, true)) {
                callback.failed(new IOException("the client re-sent this request on another connection"));
            }
        }

        private static byte[] gzip(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 32);
            try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
                zip.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
