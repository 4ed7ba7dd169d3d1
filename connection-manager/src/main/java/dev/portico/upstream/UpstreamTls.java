package dev.portico.upstream;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds the TLS client context for upstream STARTTLS and direct TLS: certificates are verified against the system
 * trust store, or against a configured PEM or PKCS12 trust store, and the host name checked is the XMPP
 * domain (RFC 6125 via Jetty's endpoint identification).
 */
public final class UpstreamTls {
    private UpstreamTls() {
    }

    /** A not-yet-started client context factory for the given trust store (empty = system default). */
    public static SslContextFactory.Client clientContext(Optional<Path> trustStore, Optional<String> password) {
        SslContextFactory.Client client = new SslContextFactory.Client();
        client.setEndpointIdentificationAlgorithm("HTTPS");
        trustStore.ifPresent(path -> client.setTrustStore(load(path, password.orElse(""))));
        return client;
    }

    static KeyStore load(Path path, String password) {
        try {
            if (looksLikePem(path)) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                try (InputStream in = Files.newInputStream(path)) {
                    int i = 0;
                    for (Certificate certificate : factory.generateCertificates(in)) {
                        store.setCertificateEntry("cert-" + i++, certificate);
                    }
                }
                return store;
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password.toCharArray());
            }
            return store;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read trust store " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean looksLikePem(Path path) throws java.io.IOException {
        byte[] head = new byte[64];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, head.length);
            return new String(head, 0, n, java.nio.charset.StandardCharsets.US_ASCII).contains("-----BEGIN");
        }
    }
}
