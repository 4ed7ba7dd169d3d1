package dev.portico.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.ServiceLoader;

import dev.portico.config.DemoConfig;
import dev.portico.server.DemoServerProvider;
import dev.portico.server.DemoServerProvider.RunningDemo;
import org.junit.jupiter.api.Test;

/** What {@code Main} gets from the provider: discovery, the demo's coordinates, and a certificate to trust. */
class VysperDemoServerProviderTest {

    @Test
    void serviceLoaderFindsTheProvider() {
        assertThat(ServiceLoader.load(DemoServerProvider.class).findFirst())
            .get().isInstanceOf(VysperDemoServerProvider.class);
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        RunningDemo demo = new VysperDemoServerProvider().start(DemoConfig.DEFAULTS);
        demo.close();
        demo.close();
        assertThat(demo.certificatePem()).doesNotExist();
    }

    @Test
    void runningDemoDescribesItselfAndItsCertificateNamesTheDomain() throws Exception {
        DemoConfig config = new DemoConfig(true, "demo.example", "secret");
        Path pem;
        try (RunningDemo demo = new VysperDemoServerProvider().start(config)) {
            assertThat(demo.domain()).isEqualTo("demo.example");
            assertThat(demo.host()).isEqualTo("127.0.0.1");
            assertThat(demo.port()).isPositive();
            assertThat(demo.users()).containsExactly("alice", "bob", "carol");
            pem = demo.certificatePem();
            assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
            X509Certificate certificate;
            try (InputStream in = Files.newInputStream(pem)) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            certificate.checkValidity();
            assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(List.of(2, "demo.example")); // 2 = dNSName
        }
        assertThat(pem).as("PEM removed on close").doesNotExist();
    }
}
