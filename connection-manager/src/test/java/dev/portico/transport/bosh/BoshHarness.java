package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BOSH binding with everything around it faked: time, scheduler, upstream, HTTP exchanges. Unit tests
 * drive it as a client would, one {@code <body/>} at a time.
 */
final class BoshHarness {
    static final String NS = "http://jabber.org/protocol/httpbind";
    static final String FEATURES = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
        + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
        + "</stream:features>";

    final FakeTime time = new FakeTime();
    final List<FakeUpstream> upstreams = new CopyOnWriteArrayList<>();
    final BoshSettings settings;
    final BoshService service;

    BoshHarness() {
        this(1 << 20);
    }

    /** The usual settings with {@code limits.max-queued-bytes} set to {@code maxQueuedBytes}. */
    BoshHarness(int maxQueuedBytes) {
        this(new BoshSettings(60, 2, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(2),
            64 * 1024, Duration.ofSeconds(2), maxQueuedBytes));
    }

    BoshHarness(BoshSettings settings) {
        this.settings = settings;
        this.service = new BoshService(settings, (sink, address) -> {
            FakeUpstream upstream = new FakeUpstream(sink);
            upstreams.add(upstream);
            return upstream;
        }, time, time, Runnable::run);
    }

    /** Posts one raw body. */
    FakeExchange post(String xml) {
        FakeExchange exchange = new FakeExchange();
        service.process(xml.getBytes(StandardCharsets.UTF_8), "127.0.0.1", exchange);
        return exchange;
    }

    /** Creates a session with these extra creation attributes; the server opens and sends features. */
    Client open(String extraAttributes) {
        long rid = 1000;
        String ver = extraAttributes.contains("ver=") ? "" : "ver='1.11' ";
        FakeExchange creation = post("<body rid='" + rid + "' to='example.com' " + ver + "xml:lang='en' "
            + "xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0' " + extraAttributes + " xmlns='" + NS + "'/>");
        FakeUpstream upstream = upstreams.get(upstreams.size() - 1);
        assertThat(creation.answered()).as("creation waits for the stream").isFalse();
        upstream.opened();
        upstream.serverSends(FEATURES);
        assertThat(creation.answered()).isTrue();
        return new Client(attr(creation.body, "sid"), rid + 1, upstream, creation);
    }

    Client open() {
        return open("wait='60' hold='1'");
    }

    /** The value of attribute {@code name} on the {@code <body>} start tag, or null. */
    static String attr(String body, String name) {
        int end = body.indexOf('>');
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "='([^']*)'").matcher(body.substring(0, end));
        return m.find() ? m.group(1) : null;
    }

    /** One client session: its sid, next rid and fake upstream. */
    final class Client {
        final String sid;
        long nextRid;
        final FakeUpstream upstream;
        final FakeExchange creation;

        Client(String sid, long nextRid, FakeUpstream upstream, FakeExchange creation) {
            this.sid = sid;
            this.nextRid = nextRid;
            this.upstream = upstream;
            this.creation = creation;
        }

        /** Sends the next rid with these attributes and payload. */
        FakeExchange send(String attributes, String payload) {
            return sendRid(nextRid++, attributes, payload);
        }

        FakeExchange send() {
            return send("", "");
        }

        FakeExchange sendRid(long rid, String attributes, String payload) {
            String start = "<body rid='" + rid + "' sid='" + sid + "' " + attributes + " xmlns='" + NS + "'";
            return post(payload.isEmpty() ? start + "/>" : start + ">" + payload + "</body>");
        }
    }
}
