package dev.portico.transport.bosh;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.portico.session.ClientSink;
import dev.portico.session.StreamInfo;
import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.XmlStreamException;
import org.eclipse.jetty.util.Callback;

/**
 * The XMPP side of a BOSH session in memory: records what the binding forwards and lets a test play the
 * server through the session's {@link ClientSink}.
 */
final class FakeUpstream implements BoshUpstream {
    final ClientSink sink;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<Callback> pendingDone = new CopyOnWriteArrayList<>();
    /** Write callbacks not completed yet, oldest first, while {@link #manualWrites} is on. */
    final List<Callback> writes = new CopyOnWriteArrayList<>();
    /** When on, {@link #send} leaves its callback for the test to complete ({@link #completeWrite}). */
    volatile boolean manualWrites;
    volatile String refuseDomain;

    FakeUpstream(ClientSink sink) {
        this.sink = sink;
    }

    @Override
    public void open(String to, String lang) {
        log.add("open " + to);
        if (to.equals(refuseDomain)) {
            sink.streamError(StreamErrorCondition.HOST_UNKNOWN, "unknown", null);
            sink.closed();
        }
    }

    @Override
    public void send(ParsedElement payload, Callback done) {
        sent.add(payload.toStandaloneXml());
        if (manualWrites) {
            writes.add(done);
        } else {
            done.succeeded();
        }
    }

    /** Completes the oldest pending write, successfully or with {@code failure}. */
    void completeWrite(Throwable failure) {
        Callback done = writes.remove(0);
        if (failure == null) {
            done.succeeded();
        } else {
            done.failed(failure);
        }
    }

    @Override
    public void close() {
        log.add("close");
        sink.closed();
    }

    @Override
    public void gone() {
        log.add("gone");
        sink.closed();
    }

    @Override
    public void shutdown() {
        log.add("shutdown");
        sink.closed();
    }

    @Override
    public void abort(StreamErrorCondition condition, String reason) {
        log.add("abort " + condition.wireName());
        sink.streamError(condition, reason, null);
        sink.closed();
    }

    /** The server opened the stream. */
    void opened() {
        sink.streamOpened(new StreamInfo("example.com", "stream-1", "1.0", "en"));
    }

    /** The server sends one element; returns the callback the binding must complete. */
    Callback serverSends(String xml) {
        ParsedElement element;
        try {
            element = new InboundParser(1 << 20).parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (XmlStreamException e) {
            throw new IllegalArgumentException(e);
        }
        Done done = new Done();
        sink.element(element, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8), done);
        return done;
    }

    /** A callback that remembers whether it completed. */
    static final class Done implements Callback {
        volatile boolean completed;

        @Override
        public void succeeded() {
            completed = true;
        }

        @Override
        public void failed(Throwable x) {
            completed = true;
        }
    }
}
