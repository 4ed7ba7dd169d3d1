package dev.portico.transport.bosh;

import java.util.Locale;

import dev.portico.session.StreamInfo;
import dev.portico.xml.Namespaces;

/**
 * What a session creation request (XEP-0124 §7.1) and the server's limits agree on. Client values above
 * the configured caps are lowered to them; {@code route} is never used (the upstream address comes only
 * from configuration, so Portico is no open proxy).
 *
 * @param creationRid  rid of the creation request
 * @param to           the requested domain
 * @param lang         the requested xml:lang, may be null
 * @param waitSeconds  seconds a request may be held
 * @param hold         requests held at once; 0 for a polling session
 * @param ver          the BOSH version announced, null when the client is a legacy client
 * @param xmppVersion  the client sent {@code xmpp:version} (XEP-0206)
 * @param clientAcks   the client announced response acknowledgements ({@code ack='1'})
 */
record SessionTerms(long creationRid, String to, String lang, int waitSeconds, int hold, String ver,
                    boolean xmppVersion, boolean clientAcks) {
    /** The highest XEP-0124 version implemented. */
    static final String VERSION = "1.11";
    static final String DEFAULT_CONTENT_TYPE = "text/xml; charset=utf-8";

    /**
     * Content-Type of every response: always XML. XEP-0124 §7.1 lets the client choose it with
     * {@code content}; honouring that let a cross-site form POST with {@code content='text/html'} get the
     * server's XML (e.g. an XHTML-IM message carrying an {@code onerror} handler) rendered as a page on
     * Portico's origin. The attribute is ignored.
     */
    String contentType() {
        return DEFAULT_CONTENT_TYPE;
    }

    /** {@code requests} (§7.2, §11): one more than {@code hold}, so the client can always send. */
    int requests() {
        return hold + 1;
    }

    /** A polling session answers every request at once (§12). */
    boolean polling() {
        return hold == 0 || waitSeconds == 0;
    }

    /** A legacy client (no {@code ver}) gets deprecated HTTP error codes (§17.1). */
    boolean legacy() {
        return ver == null;
    }

    /** The session creation response's attributes (§7.2, XEP-0206 §4), onto {@code body}. */
    void describe(BodyXml body, String sid, BoshSettings settings, StreamInfo info) {
        body.attr("sid", sid)
            .attr("wait", waitSeconds)
            .attr("requests", requests())
            .attr("hold", hold)
            .attr("inactivity", settings.inactivity().toSeconds())
            .attr("polling", settings.polling().toSeconds())
            .attr("maxpause", settings.maxPause().toSeconds())
            .attr("ver", ver == null ? VERSION : ver)
            .attr("from", info != null && info.from() != null ? info.from() : to)
            .attr("accept", "gzip")
            .attr("charsets", "UTF-8")
            .attr("ack", creationRid)
            .attr("authid", info == null ? null : info.id())
            .attr("xmlns:xmpp", Namespaces.XBOSH)
            .attr("xmpp:version", xmppVersion ? "1.0" : null)
            .attr("xmpp:restartlogic", "true")
            .attr("xmlns:stream", Namespaces.STREAMS);
    }

    static SessionTerms negotiate(BoshRequest request, BoshSettings settings) throws BoshException {
        String to = request.attribute("to");
        if (to == null || to.isBlank()) {
            throw new BoshException(BoshCondition.IMPROPER_ADDRESSING, "the session creation request has no 'to'");
        }
        int wait = Math.min(request.nonNegative("wait", settings.maxWait()), settings.maxWait());
        int hold = Math.min(request.nonNegative("hold", 1), settings.maxHold());
        String ver = lowerVersion(request.attribute("ver"));
        String lang = request.body().attribute(Namespaces.XML, "lang");
        boolean xmppVersion = request.body().attribute(Namespaces.XBOSH, "version") != null;
        boolean acks = "1".equals(request.attribute("ack"));
        return new SessionTerms(request.rid(), to.trim().toLowerCase(Locale.ROOT), lang, wait, hold, ver,
            xmppVersion, acks);
    }

    /** §7.2: the lower of the client's version and ours; null for a legacy client. */
    private static String lowerVersion(String clientVersion) {
        if (clientVersion == null) {
            return null;
        }
        String[] parts = clientVersion.trim().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            String[] ours = VERSION.split("\\.");
            int ourMajor = Integer.parseInt(ours[0]);
            int ourMinor = Integer.parseInt(ours[1]);
            if (major < ourMajor || (major == ourMajor && minor < ourMinor)) {
                return major + "." + minor;
            }
            return VERSION;
        } catch (NumberFormatException e) {
            return VERSION;
        }
    }
}
