package dev.portico.delivery;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.RawWebSocketClient;
import dev.portico.transport.bosh.RawBoshClient;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The catalogue of bad and vanishing clients played beside healthy ones: every kind of invalid input on
 * both transports (each must end only its own session with the right error), and clients that disappear
 * mid-request (they must be cleaned up without disturbing anyone).
 */
final class Misbehaviours {
    private static final String BOSH_NS = "http://jabber.org/protocol/httpbind";
    private static final Pattern STREAM_CONDITION = Pattern.compile("<([a-z-]+) xmlns='urn:ietf:params:xml:ns:xmpp-streams'");
    private static final Pattern BOSH_CONDITION = Pattern.compile("\\scondition='([a-z-]+)'");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final URI webSocket;
    private final int port;
    private final String wsPath;
    private final String boshUrl;
    private final HttpClient http;
    private final String domain;
    private final String password;
    private final int maxStanzaSize;

    Misbehaviours(URI webSocket, String boshUrl, HttpClient http, String domain, String password, int maxStanzaSize) {
        this.webSocket = webSocket;
        this.port = webSocket.getPort();
        this.wsPath = webSocket.getPath();
        this.boshUrl = boshUrl;
        this.http = http;
        this.domain = domain;
        this.password = password;
        this.maxStanzaSize = maxStanzaSize;
    }

    /** Bad input of every kind; {@code user} logs in where a kind needs an authenticated stream first. */
    List<Misbehaviour> badInput(String user) {
        String to = "to='" + user + "@" + domain + "'";
        String big = "<message xmlns='jabber:client' " + to + "><body>" + "x".repeat(maxStanzaSize) + "</body></message>";
        List<Misbehaviour> all = new ArrayList<>();
        all.add(wsAfterLogin(user, "ws not well-formed", "<message xmlns='jabber:client'><body>hi</message>", "not-well-formed"));
        all.add(wsAfterLogin(user, "ws DOCTYPE", "<!DOCTYPE message [<!ENTITY x 'boom'>]><message xmlns='jabber:client'/>",
            "restricted-xml"));
        all.add(wsAfterLogin(user, "ws undeclared entity", "<message xmlns='jabber:client' " + to + "><body>&lol;</body></message>",
            "restricted-xml"));
        all.add(wsAfterLogin(user, "ws processing instruction", "<message xmlns='jabber:client'><?evil x?></message>",
            "restricted-xml"));
        all.add(wsAfterLogin(user, "ws over max stanza size", big, "policy-violation"));
        all.add(wsAfterLogin(user, "ws smuggled closing stream tag", "<message xmlns='jabber:client'></stream:stream>",
            "not-well-formed"));
        all.add(wsAfterLogin(user, "ws smuggled stream header",
            "<message xmlns='jabber:client'><stream:stream xmlns:stream='http://etherx.jabber.org/streams'/></message>",
            "invalid-xml"));
        all.add(wsAfterLogin(user, "ws two elements in a frame",
            "<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>", "not-well-formed"));
        all.add(wsAfterLogin(user, "ws wrong framing namespace", "<close xmlns='urn:example:wrong'/>", "invalid-namespace"));
        all.add(new Misbehaviour("ws stanza before open", "not-authorized then close", () -> {
            try (RawWebSocketClient c = RawWebSocketClient.connect(webSocket, null)) {
                c.send("<message xmlns='jabber:client' " + to + "><body>early</body></message>");
                return errorThenClose(c);
            }
        }));
        all.add(new Misbehaviour("ws unknown domain", "host-unknown then close", () -> {
            try (RawWebSocketClient c = RawWebSocketClient.connect(webSocket, null)) {
                c.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='nowhere.invalid' version='1.0'/>");
                return errorThenClose(c);
            }
        }));
        all.add(new Misbehaviour("ws invalid UTF-8", "close code 1007", () -> {
            try (SocketWebSocket c = SocketWebSocket.connect(port, wsPath)) {
                c.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>");
                c.sendText(bytes("<message xmlns='jabber:client'><body>", new byte[] {(byte) 0xc3, 0x28}, "</body></message>"));
                return "close code " + c.awaitClose();
            }
        }));
        all.add(boshBadBody("bosh not well-formed", start -> utf8(start + "<message xmlns='jabber:client'><body>hi</message></body>"),
            "bad-request"));
        // Refused before its root element is read, so the session it names is not even looked up: only the
        // answer is checked (the session ends by inactivity).
        all.add(new Misbehaviour("bosh DOCTYPE", "bad-request", () -> {
            RawBoshClient c = new RawBoshClient(http, boshUrl);
            c.create(domain, 5);
            return boshCondition(c.postRaw("<!DOCTYPE body [<!ENTITY x 'boom'>]>" + c.body(c.nextRid(), "", ""))
                .getContentAsString());
        }));
        all.add(boshBadBody("bosh undeclared entity", start -> utf8(start + "<message xmlns='jabber:client' " + to
            + "><body>&lol;</body></message></body>"), "bad-request"));
        all.add(boshBadBody("bosh smuggled closing stream tag", start -> utf8(start + "</stream:stream></body>"),
            "bad-request"));
        all.add(boshBadBody("bosh invalid UTF-8", start -> bytes(start + "<message xmlns='jabber:client' " + to + "><body>",
            new byte[] {(byte) 0xc3, 0x28}, "</body></message></body>"), "bad-request"));
        // Refused unread (its sid is not even looked at), so only the answer is checked, not the session's end.
        all.add(new Misbehaviour("bosh over max body size", "policy-violation", () -> {
            RawBoshClient c = new RawBoshClient(http, boshUrl);
            c.create(domain, 5);
            return boshCondition(c.send("", big.repeat(2)));
        }));
        all.add(new Misbehaviour("bosh rid beyond the window", "item-not-found then item-not-found", () -> {
            RawBoshClient c = new RawBoshClient(http, boshUrl);
            c.create(domain, 5);
            String bad = c.postRaw(c.body(c.nextRid() + 1_000, "", "")).getContentAsString();
            String after = c.postRaw(c.body(c.nextRid(), "", "")).getContentAsString();
            return boshCondition(bad) + " then " + boshCondition(after);
        }));
        all.add(new Misbehaviour("bosh unknown sid", "item-not-found", () -> {
            String answer = new RawBoshClient(http, boshUrl).postRaw("<body rid='7' sid='no-such-sid' xmlns='" + BOSH_NS + "'/>")
                .getContentAsString();
            return boshCondition(answer);
        }));
        return all;
    }

    /** Clients that vanish mid-request; what they observe does not matter, only what they leave behind. */
    List<Misbehaviour> vanishing(String user) {
        List<Misbehaviour> all = new ArrayList<>();
        all.add(new Misbehaviour("ws dropped after login", "dropped", () -> {
            RawWebSocketClient c = RawWebSocketClient.connect(webSocket, null);
            try {
                c.login(domain, user, password);
                c.disconnect();
                return "dropped";
            } finally {
                c.close();
            }
        }));
        all.add(new Misbehaviour("ws reset mid-frame", "dropped", () -> {
            SocketWebSocket c = SocketWebSocket.connect(port, wsPath);
            c.sendText("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>");
            c.next();
            c.sendTruncated("<message xmlns='jabber:client'><body>cut".getBytes(StandardCharsets.UTF_8), 4_000);
            c.reset();
            return "dropped";
        }));
        all.add(new Misbehaviour("bosh abandons its held request", "dropped", () -> {
            RawBoshClient c = new RawBoshClient(http, boshUrl);
            c.login(domain, user, password, 5);
            Request held = http.newRequest(boshUrl).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
                .body(new StringRequestContent("text/xml; charset=utf-8", c.body(c.nextRid(), "", ""), StandardCharsets.UTF_8));
            held.send(result -> { });
            // Give the request time to reach the server and be held there, then cut the connection under it.
            Thread.sleep(200);
            held.abort(new Exception("the browser tab was closed"));
            return "dropped";
        }));
        all.add(new Misbehaviour("bosh reset mid-body", "dropped", () -> {
            RawBoshClient c = new RawBoshClient(http, boshUrl);
            c.create(domain, 5);
            byte[] start = (c.body(c.nextRid(), "", "").replace("/>", ">") + "<message xmlns='jabber:client'><body>")
                .getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                String head = "POST " + URI.create(boshUrl).getPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 4000\r\n\r\n";
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(start);
                s.getOutputStream().flush();
                s.setSoLinger(true, 0);
            }
            return "dropped";
        }));
        return all;
    }

    private Misbehaviour wsAfterLogin(String user, String name, String frame, String condition) {
        return new Misbehaviour(name, condition + " then close", () -> {
            try (RawWebSocketClient c = RawWebSocketClient.connect(webSocket, null)) {
                c.login(domain, user, password);
                c.send(frame);
                return errorThenClose(c);
            }
        });
    }

    /** A BOSH session is created, then {@code bad} (given the next body's start tag) is posted as its next body. */
    private Misbehaviour boshBadBody(String name, Function<String, byte[]> bad, String condition) {
        return new Misbehaviour(name, condition + " then item-not-found", () -> {
            RawBoshClient c = new RawBoshClient(http, boshUrl);
            c.create(domain, 5);
            String sid = c.sid();
            ContentResponse answer = http.newRequest(boshUrl).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
                .body(new BytesRequestContent("text/xml; charset=utf-8",
                    bad.apply("<body rid='" + c.nextRid() + "' sid='" + sid + "' xmlns='" + BOSH_NS + "'>"))).send();
            // The same rid again: a live session would process it now; an ended one does not know the sid.
            String after = c.postRaw(c.body(c.nextRid(), "", "")).getContentAsString();
            return boshCondition(answer.getContentAsString()) + " then " + boshCondition(after);
        });
    }

    private static String errorThenClose(RawWebSocketClient c) throws Exception {
        String error = c.nextContaining("<stream:error");
        Matcher m = STREAM_CONDITION.matcher(error);
        String condition = m.find() ? m.group(1) : error;
        String next = c.next();
        int code = c.awaitClose(WAIT);
        return condition + (next.startsWith("<close") ? " then close" : " then " + next) + " code " + code;
    }

    private static String boshCondition(String answer) {
        Matcher m = BOSH_CONDITION.matcher(answer);
        return m.find() ? m.group(1) : "no condition in " + answer;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String head, byte[] middle, String tail) {
        byte[] h = utf8(head);
        byte[] t = utf8(tail);
        byte[] all = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }
}
