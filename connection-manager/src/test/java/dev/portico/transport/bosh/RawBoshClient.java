package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A hand-written BOSH client over Jetty's {@link HttpClient} for tests where the exact bodies matter:
 * one request at a time, rids under the test's control.
 */
public final class RawBoshClient {
    static final String NS = "http://jabber.org/protocol/httpbind";

    private final HttpClient http;
    private final String url;
    String sid;
    long rid = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
    String jid;
    /** The 'requests' the creation response granted. */
    int requests;

    public RawBoshClient(HttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    /** POSTs a raw body and returns the response. */
    public ContentResponse postRaw(String xml) throws Exception {
        return http.newRequest(url).method(HttpMethod.POST).timeout(90, TimeUnit.SECONDS)
            .body(new StringRequestContent("text/xml; charset=utf-8", xml, StandardCharsets.UTF_8)).send();
    }

    /** POSTs raw bytes (which need not be valid UTF-8) as text/xml and returns the response. */
    ContentResponse postBytes(byte[] body) throws Exception {
        return http.newRequest(url).method(HttpMethod.POST).timeout(90, TimeUnit.SECONDS)
            .body(new BytesRequestContent("text/xml; charset=utf-8", body)).send();
    }

    /** Opens a session to {@code domain}; returns the creation response body. */
    public String create(String domain, int wait) throws Exception {
        String body = postRaw("<body rid='" + rid + "' to='" + domain + "' wait='" + wait + "' hold='1' ver='1.11' "
            + "xml:lang='en' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0' xmlns='" + NS + "'/>").getContentAsString();
        sid = attr(body, "sid");
        String granted = attr(body, "requests");
        requests = granted == null ? 0 : Integer.parseInt(granted);
        rid++;
        return body;
    }

    /** The body with the given rid, these attributes and payload. */
    public String body(long r, String attributes, String payload) {
        String start = "<body rid='" + r + "' sid='" + sid + "' " + attributes + " xmlns='" + NS + "'";
        return payload.isEmpty() ? start + "/>" : start + ">" + payload + "</body>";
    }

    /** Sends the next rid and waits for its answer. */
    public String send(String attributes, String payload) throws Exception {
        return postRaw(body(rid++, attributes, payload)).getContentAsString();
    }

    /** Sends until a response contains {@code marker}; returns everything received on the way. */
    public String sendUntil(String attributes, String payload, String marker) throws Exception {
        StringBuilder all = new StringBuilder(send(attributes, payload));
        for (int i = 0; i < 10 && all.indexOf(marker) < 0; i++) {
            all.append(send("", ""));
        }
        return all.toString();
    }

    /** SASL PLAIN, restart, bind and initial presence; returns the bound JID. */
    public String login(String domain, String user, String password, int wait) throws Exception {
        authenticate(domain, user, password, wait);
        String bound = sendUntil("", "<iq type='set' id='bind1' xmlns='jabber:client'><bind "
            + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw</resource></bind></iq>", "</jid>");
        Matcher m = Pattern.compile("<jid>([^<]+)</jid>").matcher(bound);
        if (!m.find()) {
            throw new IllegalStateException("bind failed: " + bound);
        }
        jid = m.group(1);
        return jid;
    }

    /** Creates a session, authenticates with SASL PLAIN and restarts; returns what the restart brought. */
    public String authenticate(String domain, String user, String password, int wait) throws Exception {
        String features = create(domain, wait);
        if (!features.contains("mechanisms")) {
            features += send("", "");
        }
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        String success = sendUntil("", "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain
            + "</auth>", "<success");
        if (!success.contains("<success")) {
            throw new IllegalStateException("SASL failed: " + success);
        }
        return sendUntil("xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh' to='" + domain + "' xml:lang='en'", "", "bind");
    }

    /** The session id, or null before {@link #create}. */
    public String sid() {
        return sid;
    }

    /** The rid the next {@link #send} uses. */
    public long nextRid() {
        return rid;
    }

    static String attr(String body, String name) {
        int end = body.indexOf('>');
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "='([^']*)'").matcher(end < 0 ? body : body.substring(0, end));
        return m.find() ? m.group(1) : null;
    }
}
