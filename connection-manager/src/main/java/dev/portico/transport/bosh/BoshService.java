package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.session.ClientSink;
import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.XmlStreamException;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BOSH binding without HTTP: validates each request body, creates sessions, routes requests to them
 * by sid. The HTTP layer ({@link BoshHandler}) hands it whole bodies; unit tests call it directly with
 * in-memory exchanges, a fake upstream, a fake ticker and a fake scheduler.
 *
 * <p>Thread-safe: called from any HTTP thread.
 */
final class BoshService {
    private static final Logger LOG = LoggerFactory.getLogger(BoshService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Finds the sid of a body too broken to parse, so only that session ends. */
    private static final Pattern SID = Pattern.compile("\\ssid\\s*=\\s*['\"]([A-Za-z0-9_-]{1,64})['\"]");

    /** Opens the upstream side of a new session, reporting to the given sink. */
    interface UpstreamFactory {
        BoshUpstream create(ClientSink sink, String clientAddress);
    }

    private final BoshSettings settings;
    private final UpstreamFactory upstreams;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final BoshSessions sessions;
    /**
     * A parser per HTTP thread rather than per body: its buffers are reused (it is this service's, sized by its
     * own limit; a parse runs to completion on its thread, so no two bodies share one at once).
     */
    private final ThreadLocal<InboundParser> parsers;

    BoshService(BoshSettings settings, UpstreamFactory upstreams, Scheduler scheduler, Ticker ticker,
                Executor executor) {
        this.settings = settings;
        this.upstreams = upstreams;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.sessions = new BoshSessions(ticker, scheduler, executor);
        this.parsers = ThreadLocal.withInitial(() -> new InboundParser(settings.maxBodyBytes()));
    }

    BoshSettings settings() {
        return settings;
    }

    /** One request body (UTF-8 bytes) from {@code clientAddress}; the answer goes to {@code exchange}. */
    void process(byte[] body, String clientAddress, BoshExchange exchange) {
        ParsedElement root;
        try {
            root = parsers.get().parse(body);
        } catch (XmlStreamException e) {
            BoshCondition condition = e.condition() == StreamErrorCondition.POLICY_VIOLATION
                ? BoshCondition.POLICY_VIOLATION : BoshCondition.BAD_REQUEST;
            rejectBody(sniffSid(body), condition, e.condition(), e.getMessage(), exchange);
            return;
        }
        BoshRequest request;
        try {
            request = BoshRequest.of(root);
        } catch (BoshException e) {
            rejectBody(root.attribute("sid"), e.condition(), StreamErrorCondition.BAD_FORMAT, e.getMessage(), exchange);
            return;
        }
        if (request.sid() == null) {
            create(request, clientAddress, exchange);
            return;
        }
        BoshSession session = sessions.get(request.sid());
        if (session == null) {
            answer(exchange, BoshCondition.ITEM_NOT_FOUND);
            return;
        }
        session.handle(request, exchange);
    }

    private void create(BoshRequest request, String clientAddress, BoshExchange exchange) {
        SessionTerms terms;
        try {
            terms = SessionTerms.negotiate(request, settings);
        } catch (BoshException e) {
            LOG.debug("refused BOSH session from {}: {}", clientAddress, e.getMessage());
            answer(exchange, e.condition());
            return;
        }
        KeySequence keys = KeySequence.startedBy(request.attribute("newkey"));
        Function<ClientSink, BoshUpstream> factory = sink -> upstreams.create(sink, clientAddress);
        BoshSession session = new BoshSession(newSid(), terms, keys, settings, scheduler, ticker, sessions, factory);
        sessions.add(session);
        session.start(exchange);
    }

    private void rejectBody(String sid, BoshCondition condition, StreamErrorCondition streamCondition, String reason,
                            BoshExchange exchange) {
        BoshSession session = sessions.get(sid);
        if (session != null) {
            session.reject(condition, streamCondition, reason, exchange);
        } else {
            LOG.debug("bad BOSH body without a live session: {}", reason);
            answer(exchange, condition);
        }
    }

    private static void answer(BoshExchange exchange, BoshCondition condition) {
        exchange.respond(200, SessionTerms.DEFAULT_CONTENT_TYPE, BodyXml.terminal(condition), Callback.NOOP);
    }

    static String sniffSid(byte[] body) {
        int end = Math.min(body.length, 2048);
        String head = new String(body, 0, end, StandardCharsets.UTF_8);
        int start = Math.max(0, head.indexOf("body"));
        int tagEnd = head.indexOf('>', start);
        Matcher m = SID.matcher(tagEnd < 0 ? head.substring(start) : head.substring(start, tagEnd));
        return m.find() ? m.group(1) : null;
    }

    static String newSid() {
        byte[] bytes = new byte[18]; // 144 bits from a CSPRNG (§7.2, §18)
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The live sessions (tests look sessions up by sid). */
    BoshSessions sessions() {
        return sessions;
    }

    /** Runs pending expirations now. */
    void cleanUp() {
        sessions.cleanUp();
    }

    /** Requests held now across all sessions, and bytes waiting each way (for metrics). */
    BoshStats stats() {
        long held = 0;
        long fromClient = 0;
        for (BoshSession session : sessions.all()) {
            held += session.heldCount();
            fromClient += session.queuedFromClient();
        }
        return new BoshStats(held, fromClient);
    }

    /** Live sessions. */
    long size() {
        return sessions.size();
    }

    /** Server shutdown: every session ends with {@code system-shutdown}. */
    void shutdown() {
        for (BoshSession session : sessions.all()) {
            session.shutdown();
        }
    }
}
