package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyDocumentGivesTheDefaults() {
        assertThat(ConfigLoader.fromYaml("")).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.fromYaml("# only a comment\n")).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.fromYaml("http:\nweb:\n  widget:\n")).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        PorticoConfig d = ConfigLoader.defaults();
        assertThat(d.http()).isEqualTo(new HttpConfig("127.0.0.1", 7070, List.of(), List.of()));
        assertThat(d.upstream().domains()).isEmpty();
        assertThat(d.upstream().tls()).isEqualTo(TlsPolicy.REQUIRED);
        assertThat(d.upstream().allowPlaintext()).isFalse();
        assertThat(d.upstream().allowPrivateDns()).isFalse();
        assertThat(d.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.upstream().closeGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.upstream().maxElementSize()).isEqualTo(1024 * 1024);
        assertThat(d.websocket()).isEqualTo(new WebSocketConfig("/xmpp-websocket", Duration.ofSeconds(30), 262144));
        assertThat(d.bosh()).isEqualTo(new BoshConfig("/http-bind", 50, 1, Duration.ofSeconds(90),
                Duration.ofSeconds(120), Duration.ofSeconds(2), 2));
        assertThat(d.limits()).isEqualTo(new LimitsConfig(262144, 10000, 100, 60, 1048576, 200, Duration.ofSeconds(10),
            20));
        assertThat(d.web()).isEqualTo(new WebConfig("Portico", Optional.empty(), List.of()));
        assertThat(d.demo()).isEqualTo(new DemoConfig(true, "localhost", "demo"));
        assertThat(d.metrics()).isEqualTo(new MetricsConfig(List.of("127.0.0.0/8", "::1")));
        assertThat(d.runsDemoServer()).isTrue();
    }

    @Test
    void readsEveryKey() throws Exception {
        Path trustStore = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        PorticoConfig c = ConfigLoader.fromYaml("""
                http:
                  bind: 0.0.0.0
                  port: 8080
                  allowed-origins: [https://chat.example.com, "http://localhost:3000"]
                  public-url: https://chat.example.com/
                  trusted-proxies: [10.0.0.0/8, "::1"]
                upstream:
                  domains:
                    example.com: {host: xmpp.example.com, port: 5223}
                  tls: required
                  trust-store: %s
                  trust-store-password: secret
                  connect-timeout: 500ms
                  close-grace: 0
                  max-element-size: 2MiB
                  allow-plaintext: true
                  allow-private-dns: true
                websocket:
                  path: /ws
                  ping-interval: 1m
                  max-frame-size: 64KiB
                bosh:
                  path: /bosh
                  max-wait: 30s
                  max-hold: 2
                  inactivity: 90
                  max-pause: 5m
                  polling: 0s
                  max-requests: 3
                limits:
                  max-stanza-size: 65536
                  max-sessions: 500
                  max-sessions-per-ip: 5
                  new-sessions-per-ip-per-minute: 10
                  max-queued-bytes: 128KiB
                  max-connections-per-ip: 7
                  open-timeout: 3s
                  auth-failures-per-ip-per-hour: 3
                web:
                  title: Example chat
                  default-domain: Example.com
                  widget:
                    allowed-embedders: [https://www.example.com]
                demo:
                  enabled: false
                  domain: demo.test
                  password: "0123"
                metrics:
                  allow-from: [10.0.0.0/8, "::1"]
                """.formatted(trustStore));

        assertThat(c.http()).isEqualTo(new HttpConfig("0.0.0.0", 8080,
                List.of("https://chat.example.com", "http://localhost:3000"), List.of("10.0.0.0/8", "::1"),
                Optional.of("https://chat.example.com")));
        assertThat(c.upstream()).isEqualTo(new UpstreamConfig(
                Map.of("example.com", new UpstreamDomain("example.com", Optional.of("xmpp.example.com"), 5223)),
                TlsPolicy.REQUIRED, Optional.of(trustStore), Optional.of("secret"), Duration.ofMillis(500), Duration.ZERO,
                2 << 20, Duration.ofSeconds(60), true, true));
        assertThat(c.websocket()).isEqualTo(new WebSocketConfig("/ws", Duration.ofMinutes(1), 65536));
        assertThat(c.bosh()).isEqualTo(new BoshConfig("/bosh", 30, 2, Duration.ofSeconds(90), Duration.ofMinutes(5),
                Duration.ZERO, 3));
        assertThat(c.limits()).isEqualTo(new LimitsConfig(65536, 500, 5, 10, 131072, 7, Duration.ofSeconds(3), 3));
        assertThat(c.web()).isEqualTo(new WebConfig("Example chat", Optional.of("example.com"),
                List.of("https://www.example.com")));
        assertThat(c.demo()).isEqualTo(new DemoConfig(false, "demo.test", "0123"));
        assertThat(c.metrics()).isEqualTo(new MetricsConfig(List.of("10.0.0.0/8", "::1")));
        assertThat(c.runsDemoServer()).isFalse();
    }

    @Test
    void keysLeftOutKeepTheirDefaults() {
        PorticoConfig c = ConfigLoader.fromYaml("http:\n  port: 9090\n");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
        assertThat(c.bosh()).isEqualTo(BoshConfig.DEFAULTS);
    }

    @Test
    void aKeyWithNoValueTakesItsDefault() {
        assertThat(ConfigLoader.fromYaml("http:\n  port:\nweb:\n  title: ~\n")).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void domainEntriesMayGiveHostAndPortHostOnlyOrNothingForSrv() {
        PorticoConfig c = ConfigLoader.fromYaml("""
                upstream:
                  domains:
                    a.example: {host: 10.0.0.1, port: 5299}
                    b.example: {host: xmpp.b.example}
                    c.example:
                    d.example: {}
                    e.example: {port: 5223}
                """);
        assertThat(c.upstream().domains()).containsExactly(
                Map.entry("a.example", new UpstreamDomain("a.example", Optional.of("10.0.0.1"), 5299)),
                Map.entry("b.example", new UpstreamDomain("b.example", Optional.of("xmpp.b.example"), 5222)),
                Map.entry("c.example", UpstreamDomain.viaSrv("c.example")),
                Map.entry("d.example", UpstreamDomain.viaSrv("d.example")),
                Map.entry("e.example", new UpstreamDomain("e.example", Optional.empty(), 5223)));
    }

    @Test
    void domainNamesAndHostsAreLowerCased() {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  domains:\n    Example.COM: {host: XMPP.Example.com}\n");
        assertThat(c.upstream().domains()).containsOnlyKeys("example.com");
        assertThat(c.upstream().domains().get("example.com").host()).contains("xmpp.example.com");
    }

    @Test
    void bracketedIpv6HostsAreStoredWithoutBrackets() {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  domains:\n    example.com: {host: '[::1]'}\nhttp:\n  bind: '::'\n");
        assertThat(c.upstream().domains().get("example.com").host()).contains("::1");
        assertThat(c.http().bind()).isEqualTo("::");
    }

    @Test
    void originsAreNormalisedToWhatBrowsersSend() {
        PorticoConfig c = ConfigLoader.fromYaml(
                "http:\n  allowed-origins: ['HTTPS://Chat.Example.com:443', 'http://localhost:80', 'http://[::1]:8080']\n");
        assertThat(c.http().allowedOrigins())
                .containsExactly("https://chat.example.com", "http://localhost", "http://[::1]:8080");
    }

    @Test
    void loadsAFileAndResolvesTheTrustStoreAgainstItsDirectory() throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("ca.pem"), "pem");
        Path file = Files.writeString(conf.resolve("portico.yaml"), "upstream:\n  trust-store: ca.pem\n");

        PorticoConfig c = ConfigLoader.load(file);

        assertThat(c.upstream().trustStore()).contains(conf.resolve("ca.pem").toAbsolutePath());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = Failures.thrownBy(() -> ConfigLoader.load(missing));
        assertThat(e.key()).isEqualTo(missing.toString());
        assertThat(e.problem()).isEqualTo("config file not found");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        assertThat(Failures.thrownBy(() -> ConfigLoader.load(dir)).key()).isEqualTo(dir.toString());
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "http:\n  port: 7070\n  bind: [oops\n");
        ConfigException e = Failures.thrownBy(() -> ConfigLoader.load(file));
        assertThat(e.key()).isEqualTo(file.toString());
        assertThat(e.problem()).startsWith("YAML syntax error at line ");
        assertThat(e.getMessage()).contains(file.toString()).containsPattern("line [34],");
    }

    @Test
    void aTabIndentNamesTheLine() {
        ConfigException e = Failures.loading("http:\n\tport: 7070\n");
        assertThat(e.key()).isEqualTo("<yaml>");
        assertThat(e.problem()).startsWith("YAML syntax error at line 2, column 1:");
    }

    @Test
    void aDuplicateKeyIsASyntaxErrorWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("dup.yaml"), "http:\n  port: 1\n  port: 2\n");
        ConfigException e = Failures.thrownBy(() -> ConfigLoader.load(file));
        assertThat(e.key()).isEqualTo(file.toString());
        assertThat(e.problem()).contains("line 3").contains("duplicate key port");
    }

    @Test
    void aFileThatIsNotUtf8IsReported() throws Exception {
        Path file = Files.write(dir.resolve("latin1.yaml"), "web:\n  title: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Failures.thrownBy(() -> ConfigLoader.load(file)).problem()).isEqualTo("is not UTF-8 text");
    }

    @Test
    void aTopLevelThatIsNotAMapIsReported() {
        ConfigException e = Failures.loading("- http\n- upstream\n");
        assertThat(e.key()).isEqualTo("<yaml>");
        assertThat(e.problem()).contains("got a list");
    }

    @Test
    void theTrustStorePasswordNeverAppearsInToString() throws Exception {
        Path trustStore = Files.writeString(dir.resolve("ca.p12"), "x");
        PorticoConfig c = ConfigLoader.fromYaml(
                "upstream:\n  trust-store: " + trustStore + "\n  trust-store-password: hunter2\n");
        assertThat(c.toString()).doesNotContain("hunter2").contains("[redacted]");
    }

    @Test
    void theDomainMapIsImmutableAndKeepsItsOrder() {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  domains:\n    z.example:\n    a.example:\n    m.example:\n");
        assertThat(c.upstream().domains().keySet()).containsExactly("z.example", "a.example", "m.example");
        assertThatThrownBy(() -> c.upstream().domains().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
