package dev.portico.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.jxmpp.stringprep.XmppStringprepException;
import org.minidns.dnsname.DnsName;

/**
 * Factories for real Smack client connections used by integration tests: direct TCP to a
 * {@link ProsodyServer}, and WebSocket (RFC 7395) or BOSH (XEP-0124/0206) to any endpoint, later
 * Portico's.
 *
 * <p>Every connection is returned unconnected ({@code connect().login()} is the caller's job), with
 * stream management off, explicit loopback addresses (no DNS SRV or host-meta look-ups) and no
 * STARTTLS on plain {@code ws://} and {@code http://} endpoints. The overloads taking a
 * {@code saslMechanism} restrict SASL to that one mechanism (per connection, not via Smack's
 * global blacklist), e.g. {@link #SCRAM_SHA_1} or {@link #PLAIN}; {@code null} keeps Smack's
 * choice. The {@code ...Config} methods return the prepared builder for further tweaks.
 */
public final class SmackClients {

    /** SASL mechanism name {@code SCRAM-SHA-1}. */
    public static final String SCRAM_SHA_1 = "SCRAM-SHA-1";
    /** SASL mechanism name {@code PLAIN}. */
    public static final String PLAIN = "PLAIN";

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private SmackClients() {
    }

    // ---------------------------------------------------------------------------------------------
    // TCP, straight to Prosody

    /**
     * A TCP configuration for {@code user} on {@code server}: its c2s port on 127.0.0.1, its
     * password, a trust manager trusting its self-signed certificate, and
     * {@link SecurityMode#required} if the server requires encryption, otherwise
     * {@link SecurityMode#disabled} (switch to {@code required} to test STARTTLS on a server
     * where it is optional).
     *
     * @param server the running server
     * @param user a local part
     * @param saslMechanism the only SASL mechanism to use, or {@code null} for Smack's default
     * @return a builder the caller may change further
     */
    public static XMPPTCPConnectionConfiguration.Builder tcpConfig(XmppTestServer server, String user,
            String saslMechanism) {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                .setHostAddress(loopback())
                .setPort(server.c2sPort())
                .setUsernameAndPassword(user, server.password())
                .setCustomX509TrustManager(trustManager(server.trustStorePkcs12(), server.trustStorePassword()))
                .setSecurityMode(server.requireEncryption() ? SecurityMode.required : SecurityMode.disabled)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        common(b, server.domain(), saslMechanism);
        return b;
    }

    /**
     * An unconnected TCP connection for {@code user} straight to {@code server}'s c2s port, Smack
     * choosing the SASL mechanism.
     *
     * @param server the running server
     * @param user a local part
     * @return the connection, stream management off
     */
    public static XMPPTCPConnection tcp(XmppTestServer server, String user) {
        return tcp(server, user, null);
    }

    /**
     * An unconnected TCP connection for {@code user} straight to {@code server}'s c2s port.
     *
     * @param server the running server
     * @param user a local part
     * @param saslMechanism the only SASL mechanism to use, or {@code null} for Smack's default
     * @return the connection, stream management off
     */
    public static XMPPTCPConnection tcp(XmppTestServer server, String user, String saslMechanism) {
        return tcp(tcpConfig(server, user, saslMechanism));
    }

    /**
     * An unconnected TCP connection from a (possibly tweaked) configuration builder.
     *
     * @param config typically from {@link #tcpConfig(XmppTestServer, String, String)}
     * @return the connection, stream management off
     */
    public static XMPPTCPConnection tcp(XMPPTCPConnectionConfiguration.Builder config) {
        XMPPTCPConnection connection = new XMPPTCPConnection(config.build());
        connection.setUseStreamManagement(false);
        return connection;
    }

    // ---------------------------------------------------------------------------------------------
    // WebSocket (RFC 7395)

    /**
     * A WebSocket configuration: only the WebSocket transport module (no stream management, no
     * TCP fallback), the endpoint given explicitly with discovery off and no implicit endpoints.
     * For {@code ws://} endpoints STARTTLS is disabled; for {@code wss://} the JVM's default trust
     * applies.
     *
     * @param wsUri the endpoint, e.g. {@code ws://127.0.0.1:7070/xmpp-websocket}
     * @param domain the XMPP domain sent in {@code <open to=…/>}
     * @param user a local part
     * @param password the password
     * @param saslMechanism the only SASL mechanism to use, or {@code null} for Smack's default
     * @return a builder the caller may change further
     */
    public static ModularXmppClientToServerConnectionConfiguration.Builder webSocketConfig(String wsUri,
            String domain, String user, String password, String saslMechanism) {
        URI uri = URI.create(wsUri);
        ModularXmppClientToServerConnectionConfiguration.Builder b =
                ModularXmppClientToServerConnectionConfiguration.builder();
        b.removeAllModules();
        b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
                .explicitlySetWebSocketEndpointAndDiscovery(uri, false)
                .disableImplicitWebsocketEndpoint()
                .build());
        b.setUsernameAndPassword(user, password);
        if ("ws".equalsIgnoreCase(uri.getScheme())) {
            b.setSecurityMode(SecurityMode.disabled);
        }
        common(b, domain, saslMechanism);
        return b;
    }

    /**
     * An unconnected WebSocket connection, Smack choosing the SASL mechanism.
     *
     * @param wsUri the endpoint, e.g. {@code ws://127.0.0.1:7070/xmpp-websocket}
     * @param domain the XMPP domain
     * @param user a local part
     * @param password the password
     * @return the connection
     */
    public static ModularXmppClientToServerConnection webSocket(String wsUri, String domain, String user,
            String password) {
        return webSocket(wsUri, domain, user, password, null);
    }

    /**
     * An unconnected WebSocket connection.
     *
     * @param wsUri the endpoint, e.g. {@code ws://127.0.0.1:7070/xmpp-websocket}
     * @param domain the XMPP domain
     * @param user a local part
     * @param password the password
     * @param saslMechanism the only SASL mechanism to use, or {@code null} for Smack's default
     * @return the connection
     */
    public static ModularXmppClientToServerConnection webSocket(String wsUri, String domain, String user,
            String password, String saslMechanism) {
        return new ModularXmppClientToServerConnection(
                webSocketConfig(wsUri, domain, user, password, saslMechanism).build());
    }

    // ---------------------------------------------------------------------------------------------
    // BOSH (XEP-0124 / XEP-0206)

    /**
     * A BOSH configuration over plain HTTP with STARTTLS disabled. The host is passed as a
     * {@link DnsName} (a plain string makes Smack build a broken URI); an IP literal such as
     * {@code 127.0.0.1} is used as is, without DNS.
     *
     * @param host e.g. {@code 127.0.0.1}
     * @param port the HTTP port
     * @param path e.g. {@code /http-bind}
     * @param domain the XMPP domain sent in {@code to}
     * @param user a local part
     * @param password the password
     * @param saslMechanism the only SASL mechanism to use, or {@code null} for Smack's default
     * @return a builder the caller may change further (e.g. {@code addHttpHeader("Origin", …)})
     */
    public static BOSHConfiguration.Builder boshConfig(String host, int port, String path, String domain,
            String user, String password, String saslMechanism) {
        BOSHConfiguration.Builder b = BOSHConfiguration.builder()
                .setUseHttps(false)
                .setFile(path)
                .setHost(DnsName.from(host))
                .setPort(port)
                .setUsernameAndPassword(user, password)
                .setSecurityMode(SecurityMode.disabled);
        common(b, domain, saslMechanism);
        return b;
    }

    /**
     * An unconnected BOSH connection over plain HTTP, Smack choosing the SASL mechanism.
     *
     * @param host e.g. {@code 127.0.0.1}
     * @param port the HTTP port
     * @param path e.g. {@code /http-bind}
     * @param domain the XMPP domain
     * @param user a local part
     * @param password the password
     * @return the connection
     */
    public static XMPPBOSHConnection bosh(String host, int port, String path, String domain, String user,
            String password) {
        return bosh(host, port, path, domain, user, password, null);
    }

    /**
     * An unconnected BOSH connection over plain HTTP.
     *
     * @param host e.g. {@code 127.0.0.1}
     * @param port the HTTP port
     * @param path e.g. {@code /http-bind}
     * @param domain the XMPP domain
     * @param user a local part
     * @param password the password
     * @param saslMechanism the only SASL mechanism to use, or {@code null} for Smack's default
     * @return the connection
     */
    public static XMPPBOSHConnection bosh(String host, int port, String path, String domain, String user,
            String password, String saslMechanism) {
        return new XMPPBOSHConnection(boshConfig(host, port, path, domain, user, password, saslMechanism).build());
    }

    // ---------------------------------------------------------------------------------------------
    // Trust

    /**
     * A trust manager trusting exactly the certificates in a PKCS12 trust store, e.g.
     * {@link ProsodyServer#trustStorePkcs12()}.
     *
     * @param pkcs12 the trust store
     * @param password its password
     * @return the X.509 trust manager
     */
    public static X509TrustManager trustManager(Path pkcs12, String password) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager for " + pkcs12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trust store " + pkcs12, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load trust store " + pkcs12, e);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static void common(ConnectionConfiguration.Builder<?, ?> b, String domain, String saslMechanism) {
        try {
            b.setXmppDomain(domain);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid XMPP domain: " + domain, e);
        }
        if (saslMechanism != null) {
            b.addEnabledSaslMechanism(saslMechanism);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
