package dev.portico.xml;

/** XML namespace URIs used across Portico, in one place. */
public final class Namespaces {
    public static final String CLIENT = "jabber:client";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    /** XEP-0198 stream management. */
    public static final String SM = "urn:xmpp:sm:3";
    public static final String HTTPBIND = "http://jabber.org/protocol/httpbind";
    public static final String XBOSH = "urn:xmpp:xbosh";
    public static final String XML = "http://www.w3.org/XML/1998/namespace";

    private Namespaces() {
    }
}
