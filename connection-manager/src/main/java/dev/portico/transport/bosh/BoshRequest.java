package dev.portico.transport.bosh;

import java.util.List;

import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * One validated {@code <body/>} from a client: its attributes read once and typed, and its payloads.
 * Built only from a body that {@link dev.portico.xml.InboundParser} accepted.
 *
 * @param rid      the request id (XEP-0124 §14), positive and at most 2^53-1
 * @param sid      the session id, null for a session creation request
 * @param body     the whole parsed wrapper, for the attributes read only at session creation
 * @param payloads the child elements, in order
 * @param pause    the requested pause in seconds (§10), or -1
 * @param ack      the client's response acknowledgement (§9.2), or -1
 */
record BoshRequest(long rid, String sid, ParsedElement body, List<ParsedElement> payloads, int pause, long ack) {
    /** §14.1: clients keep rids below 2^53 so that every language can represent them. */
    static final long MAX_RID = (1L << 53) - 1;

    /** Reads the wrapper; throws {@code bad-request} for anything §6 or §7 do not allow. */
    static BoshRequest of(ParsedElement body) throws BoshException {
        if (!body.is("body", Namespaces.HTTPBIND)) {
            throw new BoshException(BoshCondition.BAD_REQUEST,
                "the root element must be <body xmlns='" + Namespaces.HTTPBIND + "'>");
        }
        String ridText = body.attribute("rid");
        if (!digits(ridText, 16)) {
            throw new BoshException(BoshCondition.BAD_REQUEST, "missing or malformed rid");
        }
        long rid = Long.parseLong(ridText);
        if (rid < 1 || rid > MAX_RID) {
            throw new BoshException(BoshCondition.BAD_REQUEST, "rid out of range");
        }
        if (!body.text().isBlank()) {
            throw new BoshException(BoshCondition.BAD_REQUEST, "character data directly inside <body/>");
        }
        for (ParsedElement payload : body.children()) {
            if (Namespaces.STREAMS.equals(payload.namespaceUri())) {
                throw new BoshException(BoshCondition.BAD_REQUEST, "stream-level element inside <body/>");
            }
        }
        String sid = body.attribute("sid");
        String ack = body.attribute("ack");
        if (ack != null && !digits(ack, 16)) {
            throw new BoshException(BoshCondition.BAD_REQUEST, "malformed ack");
        }
        // Numbers are checked here, before the request joins the rid window, so processing never fails.
        return new BoshRequest(rid, sid == null || sid.isEmpty() ? null : sid, body, body.children(),
            nonNegative(body, "pause", -1), ack == null ? -1 : Long.parseLong(ack));
    }

    String attribute(String name) {
        return body.attribute(name);
    }

    boolean isTerminate() {
        return "terminate".equals(body.attribute("type"));
    }

    /** XEP-0206 §5: {@code xmpp:restart='true'} restarts the stream after SASL success. */
    boolean isRestart() {
        String restart = body.attribute(Namespaces.XBOSH, "restart");
        return "true".equals(restart) || "1".equals(restart);
    }

    boolean isEmpty() {
        return payloads.isEmpty();
    }

    /**
     * No payloads, no pause, no terminate and no stream restart: a request whose only purpose is to be held
     * (§11, §12). A restart carries no payload but is an instruction: jbosh (Smack) sends it right after
     * SASL success while its empty request is still held, and counting it as a second empty request ended
     * logins with policy-violation.
     */
    boolean isPlainEmpty() {
        return payloads.isEmpty() && !isTerminate() && pause < 0 && !isRestart();
    }

    /** An attribute holding a non-negative integer, {@code absent} when missing. */
    int nonNegative(String name, int absent) throws BoshException {
        return nonNegative(body, name, absent);
    }

    private static int nonNegative(ParsedElement body, String name, int absent) throws BoshException {
        String text = body.attribute(name);
        if (text == null) {
            return absent;
        }
        if (!digits(text, 9)) {
            throw new BoshException(BoshCondition.BAD_REQUEST, "malformed " + name);
        }
        return Integer.parseInt(text);
    }

    /** 1 to {@code max} ASCII digits (checked by hand: this runs for every request). */
    private static boolean digits(String text, int max) {
        if (text == null || text.isEmpty() || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
