package dev.portico.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed server certificates for the test XMPP servers (CN and SAN = the domain, 2 days), made
 * with {@code openssl} once per domain and JVM (RSA key generation dominates a server's start-up), and
 * the PKCS12 trust store that trusts one.
 */
final class TestCertificates {

    /** Certificates already generated in this JVM, by domain. */
    private static final Map<String, Pem> GENERATED = new ConcurrentHashMap<>();

    /** A certificate and its unencrypted private key, PEM encoded. */
    record Pem(byte[] certificate, byte[] privateKey) {
    }

    private TestCertificates() {
    }

    /**
     * @param domain the server's domain
     * @param scratch a directory for openssl's output files (they are left there)
     * @return the certificate for {@code domain}, generated on first use
     */
    static Pem forDomain(String domain, Path scratch) throws IOException, InterruptedException {
        Pem pem = GENERATED.get(domain);
        if (pem == null) {
            pem = generate(domain, scratch);
            Pem raced = GENERATED.putIfAbsent(domain, pem);
            pem = raced != null ? raced : pem;
        }
        return pem;
    }

    /**
     * Writes a PKCS12 trust store holding the certificate in {@code certificatePem} as a trusted entry.
     */
    static void writeTrustStore(Path certificatePem, String alias, Path trustStore, String password)
            throws IOException {
        try (InputStream in = Files.newInputStream(certificatePem)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry(alias, cert);
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                ks.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the trust store from " + certificatePem, e);
        }
    }

    private static Pem generate(String domain, Path scratch) throws IOException, InterruptedException {
        Path crt = scratch.resolve("generated-" + domain + ".crt");
        Path key = scratch.resolve("generated-" + domain + ".key");
        Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                "2", "-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:" + domain,
                "-keyout", key.toString(), "-out", crt.toString()))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl failed: " + new String(output, StandardCharsets.UTF_8));
        }
        Pem pem = new Pem(Files.readAllBytes(crt), Files.readAllBytes(key));
        Files.deleteIfExists(crt);
        Files.deleteIfExists(key);
        return pem;
    }
}
