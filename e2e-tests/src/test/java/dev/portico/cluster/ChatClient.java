package dev.portico.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.w3c.dom.Element;

/**
 * A chat client that behaves like a careful browser client without stream resumption: it logs in (SASL
 * PLAIN, bind, XEP-0198 {@code <enable/>} without resume, initial presence), sends chat messages to its
 * partner's bare JID, knows which ones the server acknowledged, and when its session ends for any reason
 * it reconnects after a short random back-off and sends again what the server had not acknowledged.
 *
 * <p>All state is guarded by this object's monitor: transport callbacks (Jetty threads), the test's
 * sending thread and the reconnect timer all go through synchronized methods, and nothing blocks inside.
 */
final class ChatClient {
    private enum State { CONNECTING, AUTHENTICATING, RESTARTING, BINDING, ENABLING, READY, DOWN, STOPPED }

    private static final String SM = "urn:xmpp:sm:3";

    private final String user;
    private final String domain;
    private final String password;
    private final String partner;
    private final Function<Transport.Events, Transport> transports;
    private final ScheduledExecutorService timer;
    private final Deliveries deliveries;

    private Transport transport;
    private State state = State.DOWN;
    private int sessions;
    private int connects;
    private int messageSeq;
    /** Message ids to send once READY: new ones, and unacknowledged ones of ended sessions. */
    private final Deque<String> toSend = new ArrayDeque<>();
    /** Stanzas sent in this session after {@code <enabled/>}, oldest first; null for non-messages. */
    private final Deque<String> unacked = new ArrayDeque<>();
    private long ackedInSession;
    private long handledInbound;
    private long endedAtNanos;
    private final List<Long> reconnectMillis = new ArrayList<>();
    private final List<String> endReasons = new ArrayList<>();

    ChatClient(String user, String domain, String password, String partner,
               Function<Transport.Events, Transport> transports, ScheduledExecutorService timer, Deliveries deliveries) {
        this.user = user;
        this.domain = domain;
        this.password = password;
        this.partner = partner;
        this.transports = transports;
        this.timer = timer;
        this.deliveries = deliveries;
    }

    String user() {
        return user;
    }

    synchronized void start() {
        connect();
    }

    private void connect() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.CONNECTING;
        connects++;
        handledInbound = 0;
        ackedInSession = 0;
        Events events = new Events();
        Transport t = transports.apply(events);
        events.self = t;
        transport = t;
        t.open();
    }

    /** Queues one new chat message to the partner; it goes out now if the session is ready. */
    synchronized void sendMessage() {
        String id = user + "-" + (++messageSeq);
        deliveries.created(id, partner);
        toSend.add(id);
        flush();
    }

    private void flush() {
        if (state != State.READY || toSend.isEmpty()) {
            return;
        }
        while (!toSend.isEmpty()) {
            String id = toSend.poll();
            transport.send("<message xmlns='jabber:client' to='" + partner + "@" + domain + "' type='chat' id='" + id
                + "'><body>" + id + "</body></message>");
            unacked.add(id);
        }
        transport.send("<r xmlns='" + SM + "'/>");
    }

    synchronized boolean ready() {
        return state == State.READY;
    }

    /** Sessions opened so far (1 without reconnects). */
    synchronized int sessions() {
        return sessions;
    }

    /** True when nothing is waiting to be sent or acknowledged. */
    synchronized boolean settled() {
        return state == State.READY && toSend.isEmpty() && unacked.isEmpty();
    }

    /** Connection attempts so far (sessions plus attempts that failed before their session was ready). */
    synchronized int connects() {
        return connects;
    }

    synchronized List<Long> reconnectMillis() {
        return List.copyOf(reconnectMillis);
    }

    synchronized List<String> endReasons() {
        return List.copyOf(endReasons);
    }

    /** Asks the server to acknowledge (after the last message its ack may be all that is missing). */
    synchronized void requestAck() {
        if (state == State.READY) {
            transport.send("<r xmlns='" + SM + "'/>");
        }
    }

    synchronized void stop() {
        state = State.STOPPED;
        if (transport != null) {
            transport.abandon();
        }
    }

    private synchronized void received(Transport t, Element e) {
        if (t != transport || state == State.STOPPED) {
            return;
        }
        String name = e.getLocalName();
        String ns = e.getNamespaceURI();
        switch (name) {
            case "features" -> features(e);
            case "success" -> {
                state = State.RESTARTING;
                transport.restart();
            }
            case "failure" -> transportEnded(t, "SASL failure");
            case "enabled" -> {
                state = State.READY;
                sessions++;
                if (endedAtNanos != 0) {
                    reconnectMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - endedAtNanos));
                    endedAtNanos = 0;
                }
                transport.send("<presence xmlns='jabber:client'/>");
                unacked.add("");
                flush();
            }
            case "r" -> transport.send("<a xmlns='" + SM + "' h='" + handledInbound + "'/>");
            case "a" -> acknowledged(Long.parseLong(e.getAttribute("h")));
            default -> {
                if ("jabber:client".equals(ns)) {
                    stanza(e);
                } else if (!SM.equals(ns)) {
                    // nothing else is expected; ignore
                }
            }
        }
    }

    private void features(Element features) {
        if (state == State.CONNECTING && Xml.child(features, "mechanisms") != null) {
            state = State.AUTHENTICATING;
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            transport.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        } else if (state == State.RESTARTING && Xml.child(features, "bind") != null) {
            state = State.BINDING;
            // No resource: the server picks a fresh one, so a new session never conflicts with a dying one.
            transport.send("<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        }
    }

    private void stanza(Element e) {
        if (state == State.BINDING && "iq".equals(e.getLocalName()) && "bind".equals(e.getAttribute("id"))) {
            state = State.ENABLING;
            transport.send("<enable xmlns='" + SM + "'/>");
            return;
        }
        if (state != State.READY) {
            return;
        }
        handledInbound++;
        if ("message".equals(e.getLocalName())) {
            String id = Xml.attr(e, "id");
            if ("error".equals(e.getAttribute("type"))) {
                // The server took it but could not deliver it (the partner's session was ending): try again.
                deliveries.bounced();
                if (id != null && id.startsWith(user + "-")) {
                    toSend.add(id);
                    deliveries.resent();
                    flush();
                }
            } else if (id != null && Xml.child(e, "body") != null) {
                deliveries.received(id, user);
            }
        } else if ("iq".equals(e.getLocalName()) && ("get".equals(e.getAttribute("type")) || "set".equals(e.getAttribute("type")))) {
            transport.send("<iq xmlns='jabber:client' type='error' id='" + e.getAttribute("id") + "' to='"
                + e.getAttribute("from") + "'><error type='cancel'><service-unavailable"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            unacked.add("");
        }
    }

    private void acknowledged(long h) {
        while (ackedInSession < h && !unacked.isEmpty()) {
            String id = unacked.poll();
            if (!id.isEmpty()) {
                deliveries.acked(id);
            }
            ackedInSession++;
        }
    }

    private synchronized void transportEnded(Transport t, String why) {
        if (t != transport || state == State.STOPPED) {
            return;
        }
        t.abandon();
        endReasons.add(why);
        state = State.DOWN;
        endedAtNanos = System.nanoTime();
        // Whatever the server did not acknowledge may be lost: send it again in the next session, first.
        List<String> again = new ArrayList<>();
        for (String id : unacked) {
            if (!id.isEmpty()) {
                again.add(id);
                deliveries.resent();
            }
        }
        unacked.clear();
        for (int i = again.size() - 1; i >= 0; i--) {
            toSend.addFirst(again.get(i));
        }
        long backoff = 100 + ThreadLocalRandom.current().nextLong(400);
        timer.schedule(this::reconnect, backoff, TimeUnit.MILLISECONDS);
    }

    private synchronized void reconnect() {
        if (state == State.DOWN) {
            connect();
        }
    }

    /** Routes a transport's events to this client, ignoring those of a transport it already left. */
    private final class Events implements Transport.Events {
        /** Set before the transport opens, so before any event. */
        private volatile Transport self;

        @Override
        public void received(Element element) {
            ChatClient.this.received(self, element);
        }

        @Override
        public void ended(String why) {
            transportEnded(self, why);
        }
    }
}
