package dev.portico.transport.bosh;

import dev.portico.session.ClientSession;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;

/** {@link BoshUpstream} over a real {@link ClientSession}. */
final class SessionUpstream implements BoshUpstream {
    private final ClientSession session;

    SessionUpstream(ClientSession session) {
        this.session = session;
    }

    @Override
    public void open(String to, String lang) {
        session.open(to, lang);
    }

    @Override
    public void send(ParsedElement payload, Callback done) {
        session.send(payload, done);
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public void gone() {
        session.clientGone();
    }

    @Override
    public void shutdown() {
        session.shutdown();
    }

    @Override
    public void abort(StreamErrorCondition condition, String reason) {
        session.abort(condition, reason);
    }

    @Override
    public String toString() {
        return session.toString();
    }
}
