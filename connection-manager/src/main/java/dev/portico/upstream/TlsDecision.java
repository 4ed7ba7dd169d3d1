package dev.portico.upstream;

import java.nio.charset.StandardCharsets;

import dev.portico.config.TlsPolicy;
import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * What to do with the server's first stream features under the configured STARTTLS policy. Pure, so the
 * policy table is unit-tested without a server.
 *
 * @param action          the next step
 * @param reason          why the stream must be refused (for the log), null otherwise
 * @param featuresForClient the features the browser may see (STARTTLS removed), null unless SETTLED
 */
record TlsDecision(Action action, String reason, String featuresForClient) {

    /** The possible outcomes. */
    enum Action {
        /** Send {@code <starttls/>} and wait for {@code <proceed/>}. */
        START_TLS,
        /** TLS is settled (done, or not wanted): pass the features to the browser. */
        SETTLED,
        /** The policy and the server disagree: end the session. */
        REFUSE
    }

    static TlsDecision decide(ParsedElement features, TlsPolicy policy, boolean alreadySecure) {
        ParsedElement startTls = features.child("starttls", Namespaces.TLS);
        if (alreadySecure) {
            // After STARTTLS, or on a direct TLS stream (where a server may still list STARTTLS).
            return settled(features, startTls);
        }
        if (policy == TlsPolicy.DIRECT) {
            return new TlsDecision(Action.REFUSE, "the stream is not encrypted, which upstream.tls=direct forbids", null);
        }
        if (startTls != null && policy != TlsPolicy.DISABLED) {
            return new TlsDecision(Action.START_TLS, null, null);
        }
        if (startTls == null && policy == TlsPolicy.REQUIRED) {
            return new TlsDecision(Action.REFUSE, "the XMPP server does not offer STARTTLS, which upstream.tls=required demands", null);
        }
        if (startTls != null && startTls.child("required", Namespaces.TLS) != null) {
            return new TlsDecision(Action.REFUSE, "the XMPP server requires STARTTLS but upstream.tls=disabled", null);
        }
        return settled(features, startTls);
    }

    private static TlsDecision settled(ParsedElement features, ParsedElement startTls) {
        String xml = features.toStandaloneXml();
        if (startTls != null) {
            // The browser's leg is secured by HTTPS; STARTTLS is never its business.
            xml = xml.replace(new String(startTls.raw(), StandardCharsets.UTF_8), "");
        }
        return new TlsDecision(Action.SETTLED, null, xml);
    }
}
