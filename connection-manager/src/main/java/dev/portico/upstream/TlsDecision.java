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
 * @param featuresForClient the features the browser may see (STARTTLS and channel binding removed), null
 *                          unless SETTLED
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
            xml = without(xml, startTls);
        }
        // Channel binding (SCRAM-*-PLUS, XEP-0440) binds SASL to the TLS connection the client sees, and the
        // browser's TLS ends at Portico (or a proxy) while the server's ends at Portico: the two can never
        // agree. A client that picked a -PLUS mechanism would fail to log in, so such offers are removed.
        ParsedElement mechanisms = features.child("mechanisms", Namespaces.SASL);
        if (mechanisms != null) {
            for (ParsedElement mechanism : mechanisms.children()) {
                if (mechanism.is("mechanism", Namespaces.SASL) && mechanism.text().strip().endsWith("-PLUS")) {
                    xml = without(xml, mechanism);
                }
            }
        }
        ParsedElement bindingTypes = features.child("sasl-channel-binding", CHANNEL_BINDING_TYPES);
        if (bindingTypes != null) {
            xml = without(xml, bindingTypes);
        }
        return new TlsDecision(Action.SETTLED, null, xml);
    }

    /** XEP-0440's feature listing the channel-binding types a server supports. */
    static final String CHANNEL_BINDING_TYPES = "urn:xmpp:sasl-cb:0";

    private static String without(String xml, ParsedElement child) {
        return xml.replace(new String(child.raw(), StandardCharsets.UTF_8), "");
    }
}
