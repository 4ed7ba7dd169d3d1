package dev.portico.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import dev.portico.config.DemoConfig;
import dev.portico.server.DemoServerProvider;
import org.apache.vysper.xmpp.server.XMPPServer;

/**
 * Starts the embedded demo XMPP server: Apache Vysper, in this process, on {@code 127.0.0.1} and a free
 * port, with the accounts and rosters of {@link DemoDirectory} in memory. Vysper offers SASL only after
 * STARTTLS, so each start generates a self-signed certificate for the demo domain, hands Vysper the key,
 * and writes the certificate as PEM to a temporary file that Portico's upstream connector then trusts
 * (deleted again on {@link RunningDemo#close()}).
 *
 * <p>Found by {@code Main} through {@link java.util.ServiceLoader}; not for production (see the package
 * documentation).
 */
public final class VysperDemoServerProvider implements DemoServerProvider {

    /** For {@link java.util.ServiceLoader}. */
    public VysperDemoServerProvider() {
    }

    @Override
    public RunningDemo start(DemoConfig config) throws Exception {
        String domain = config.domain();
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(domain);
        char[] storePassword = randomPassword();
        XMPPServer server = new XMPPServer(domain);
        server.setStorageProviderRegistry(DemoDirectory.create(domain, config.password()));
        server.setTLSCertificateInfo(new ByteArrayInputStream(certificate.keyStore(storePassword)),
            new String(storePassword));
        LoopbackEndpoint endpoint = new LoopbackEndpoint();
        server.addEndpoint(endpoint);
        Path pem = null;
        try {
            pem = writePem(certificate);
            server.start();
            return new RunningVysper(domain, endpoint.address().getAddress().getHostAddress(), endpoint.port(), pem,
                DemoDirectory.USERS, server);
        } catch (Exception | Error e) {
            endpoint.stop();
            if (pem != null) {
                Files.deleteIfExists(pem);
            }
            throw e;
        }
    }

    private static Path writePem(SelfSignedCertificate certificate) throws IOException {
        Path pem = Files.createTempFile("portico-demo-", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, certificate.pem(), StandardCharsets.US_ASCII);
        return pem;
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
