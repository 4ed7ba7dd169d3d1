package dev.portico.transport.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.portico.config.PorticoConfig;
import dev.portico.session.ClientSession;
import dev.portico.session.ClientSink;
import dev.portico.session.SessionServices;
import dev.portico.session.StreamErrorXml;
import dev.portico.session.StreamInfo;
import dev.portico.transport.ConnectionLimiter;
import dev.portico.xml.InboundParser;
import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.XmlStreamException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RFC 7395 WebSocket connection. Frames are read one at a time: the next one is demanded only after
 * the previous stanza was written upstream, so a fast browser cannot fill Portico's memory. Every frame
 * is parsed and validated before anything is forwarded.
 *
 * <p>Jetty calls the listener methods one at a time; {@link ClientSink} methods come from the session's
 * upstream I/O thread. Jetty's WebSocket session queues outgoing frames itself.
 */
public final class XmppWebSocketEndpoint implements Session.Listener, ClientSink {
    private static final Logger LOG = LoggerFactory.getLogger(XmppWebSocketEndpoint.class);

    private final ClientSession session;
    private final InboundParser parser;
    private final Scheduler scheduler;
    private final Duration pingInterval;
    private final MessageAssembler message;
    private final ConnectionLimiter.Permit permit;
    private final Duration openTimeout;
    private final AtomicBoolean openSent = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session socket;
    private volatile Scheduler.Task pingTask;
    private volatile Scheduler.Task openTimer;
    private volatile String requestedDomain;
    /** A binary message's later frames follow its first; reading path only (one frame at a time). */
    private boolean inBinaryMessage;

    /** @param permit this connection's place under {@code limits.max-connections-per-ip}, released at the end */
    XmppWebSocketEndpoint(SessionServices services, String clientAddress, ConnectionLimiter.Permit permit,
                          PorticoConfig config) {
        this.session = new ClientSession(services, this, clientAddress, "websocket");
        this.parser = new InboundParser(config.limits().maxStanzaSize());
        this.message = new MessageAssembler(config.websocket().maxFrameSize());
        this.permit = permit;
        this.openTimeout = config.limits().openTimeout();
        this.scheduler = services.scheduler();
        this.pingInterval = config.websocket().pingInterval();
    }

    // ------------------------------------------------------------ browser -> Portico

    @Override
    public void onWebSocketOpen(Session socket) {
        this.socket = socket;
        schedulePing();
        // A connection that never opens a stream must not hold its place (and a thread's worth of state).
        openTimer = scheduler.schedule(() -> {
            if (session.state() == ClientSession.State.NEW) {
                session.abort(StreamErrorCondition.CONNECTION_TIMEOUT, "no <open/> within " + openTimeout.toMillis() + " ms");
            }
        }, openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        socket.demand();
    }

    /**
     * Every frame arrives here as raw bytes (text is never decoded into a String: the parser reads UTF-8
     * and checks it once per message). Jetty hands frames to this method instead of its own text, ping and
     * close handling, so control frames are answered here: a ping gets its pong, and reading goes on.
     */
    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        byte opCode = frame.getEffectiveOpCode(); // a continuation frame reports its message's type
        if (opCode == OpCode.TEXT) {
            textFrame(frame.getPayload(), frame.isFin(), callback);
        } else if (opCode == OpCode.BINARY) {
            callback.succeed();
            binaryFrame(frame.isFin());
        } else if (opCode == OpCode.PING) {
            ByteBuffer payload = frame.getPayload();
            ByteBuffer copy = payload == null ? ByteBuffer.allocate(0) : BufferUtil.copy(payload);
            callback.succeed();
            socket.sendPong(copy, Callback.NOOP);
            socket.demand();
        } else if (opCode == OpCode.CLOSE) {
            // Jetty answers the close handshake itself and then calls onWebSocketClose.
            callback.succeed();
        } else {
            callback.succeed();
            socket.demand();
        }
    }

    private void textFrame(ByteBuffer payload, boolean fin, Callback callback) {
        MessageAssembler.Step step = message.append(payload == null ? BufferUtil.EMPTY_BUFFER : payload, fin);
        if (step != MessageAssembler.Step.COMPLETE) {
            callback.succeed();
        }
        switch (step) {
            case MORE, DROPPED -> socket.demand();
            case TOO_LARGE -> abort(StreamErrorCondition.POLICY_VIOLATION,
                "WebSocket message over " + message.limit() + " bytes (websocket.max-frame-size)");
            case COMPLETE -> onMessage(message.take(), callback);
        }
    }

    /** RFC 7395 messages are text; the first frame of a binary message ends the session, the rest are dropped. */
    private void binaryFrame(boolean fin) {
        boolean first = !inBinaryMessage;
        inBinaryMessage = !fin;
        if (first) {
            abort(StreamErrorCondition.UNSUPPORTED_ENCODING, "XMPP frames are text, not binary");
        } else {
            socket.demand();
        }
    }

    /**
     * One complete RFC 7395 message: exactly one element. {@code utf8} may be a view of the last frame's own
     * buffer, so that frame is released only once parsed (the parsed element holds a copy of its bytes)
     * and before anything is forwarded or the next frame demanded.
     */
    private void onMessage(ByteBuffer utf8, Callback frameDone) {
        if (!InboundParser.isUtf8(utf8)) {
            // RFC 6455 §8.1: a text message that is not UTF-8 fails the WebSocket connection (1007), as Jetty
            // did while it decoded the text; closing the socket ends the session (onWebSocketClose).
            frameDone.succeed();
            LOG.warn("{}: bad input from {}: text message is not UTF-8; closing the WebSocket (1007)", session,
                session.clientAddress());
            socket.close(StatusCode.BAD_PAYLOAD, "invalid UTF-8", Callback.NOOP);
            return;
        }
        ParsedElement frame;
        try {
            frame = parser.parse(utf8);
        } catch (XmlStreamException e) {
            frameDone.succeed();
            abort(e.condition(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            frameDone.fail(e);
            throw e;
        }
        frameDone.succeed();
        String ns = frame.namespaceUri();
        String name = frame.localName();
        boolean framingName = name.equals("open") || name.equals("close");
        if (Namespaces.FRAMING.equals(ns) && name.equals("open")) {
            requestedDomain = frame.attribute("to");
            String version = frame.attribute("version");
            if (version != null && !version.startsWith("1.")) {
                abort(StreamErrorCondition.UNSUPPORTED_VERSION, "version " + version + " is not supported");
                return;
            }
            session.open(frame.attribute("to"), frame.attribute(Namespaces.XML, "lang"));
            cancelOpenTimer();
            socket.demand();
        } else if (Namespaces.FRAMING.equals(ns) && name.equals("close")) {
            session.close();
            // Keep reading: the browser's WebSocket close frame must be read for the connection to end now.
            socket.demand();
        } else if (framingName || Namespaces.FRAMING.equals(ns)) {
            abort(StreamErrorCondition.INVALID_NAMESPACE,
                "<" + name + "> must be in namespace " + Namespaces.FRAMING + " (got '" + ns + "')");
        } else if (session.state() != ClientSession.State.OPEN) {
            abort(StreamErrorCondition.NOT_AUTHORIZED, "stanza sent before the stream was open");
        } else {
            session.send(frame, org.eclipse.jetty.util.Callback.from(socket::demand, x -> {
                // The session is ending; drop the frame but keep reading until the close frame.
                LOG.debug("{}: stanza not forwarded: {}", session, x.toString());
                socket.demand();
            }));
        }
    }

    private void abort(StreamErrorCondition condition, String reason) {
        session.abort(condition, reason);
        socket.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        cancelTimers();
        permit.release();
        closed.set(true);
        session.clientGone();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Typically the idle timeout: a browser that stopped reading leaves our writes pending (which
        // pauses reading from the server, so nothing piles up) until Jetty gives up on the connection.
        LOG.info("{}: WebSocket from {} failed ({}); closing the session", session, session.clientAddress(),
            cause.toString());
        cancelTimers();
        permit.release();
        closed.set(true);
        session.clientGone();
    }

    // ------------------------------------------------------------ Portico -> browser

    @Override
    public void streamOpened(StreamInfo info) {
        openSent.set(true);
        send(WebSocketFraming.open(info), null);
    }

    @Override
    public void element(ParsedElement element, byte[] xml, org.eclipse.jetty.util.Callback done) {
        Session s = socket;
        if (s == null || closed.get()) {
            done.failed(new IllegalStateException("WebSocket closed"));
            return;
        }
        if (s instanceof WebSocketSession ws) {
            // The bytes go out as they are in one text frame: no String decoded, none encoded again.
            ws.getCoreSession().sendFrame(new org.eclipse.jetty.websocket.core.Frame(OpCode.TEXT, ByteBuffer.wrap(xml)),
                done, false);
        } else {
            send(new String(xml, StandardCharsets.UTF_8), done);
        }
    }

    @Override
    public void streamError(StreamErrorCondition condition, String text, String serverErrorXml) {
        if (openSent.compareAndSet(false, true)) {
            // RFC 6120 §4.9.1.1: an error before the stream is open still comes after a stream header.
            send(WebSocketFraming.open(new StreamInfo(requestedDomain, session.id(), "1.0", null)), null);
        }
        send(serverErrorXml != null ? serverErrorXml : StreamErrorXml.render(condition, text), null);
    }

    @Override
    public void closed() {
        cancelTimers();
        Session s = socket;
        if (s == null || closed.getAndSet(true)) {
            return;
        }
        s.sendText(WebSocketFraming.close(), Callback.from(
            () -> s.close(StatusCode.NORMAL, null, Callback.NOOP),
            x -> s.close(StatusCode.NORMAL, null, Callback.NOOP)));
    }

    private void send(String text, org.eclipse.jetty.util.Callback done) {
        Session s = socket;
        if (s == null || closed.get()) {
            if (done != null) {
                done.failed(new IllegalStateException("WebSocket closed"));
            }
            return;
        }
        s.sendText(text, Callback.from(() -> {
            if (done != null) {
                done.succeeded();
            }
        }, x -> {
            if (done != null) {
                done.failed(x);
            }
        }));
    }

    // ------------------------------------------------------------ keep-alive

    private void schedulePing() {
        if (pingInterval.isZero() || pingInterval.isNegative()) {
            return;
        }
        pingTask = scheduler.schedule(() -> {
            Session s = socket;
            if (s != null && s.isOpen() && !closed.get()) {
                // Keeps idle proxies (nginx defaults to 60 s) from cutting a quiet chat.
                s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
                schedulePing();
            }
        }, pingInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The stream is open: the open deadline is moot, and an idle session should hold no task for it. */
    private void cancelOpenTimer() {
        Scheduler.Task task = openTimer;
        if (task != null) {
            task.cancel();
        }
    }

    private void cancelTimers() {
        for (Scheduler.Task task : new Scheduler.Task[] {pingTask, openTimer}) {
            if (task != null) {
                task.cancel();
            }
        }
    }
}
