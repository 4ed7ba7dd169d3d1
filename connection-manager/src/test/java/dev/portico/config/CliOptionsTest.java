package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliOptionsTest {
    @TempDir
    Path dir;

    @Test
    void noFlagsGiveTheDefaults() {
        assertThat(CliOptions.resolve()).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void withoutConfigFlagsApplyToTheDefaults() {
        PorticoConfig c = CliOptions.resolve("--bind", "0.0.0.0", "--http-port", "0", "--upstream-tls", "disabled");
        assertThat(c.http().bind()).isEqualTo("0.0.0.0");
        assertThat(c.http().port()).isZero();
        assertThat(c.upstream().tls()).isEqualTo(TlsPolicy.DISABLED);
        assertThat(c.websocket()).isEqualTo(WebSocketConfig.DEFAULTS);
    }

    @Test
    void theConfigFileIsLoaded() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "web:\n  title: From file\n");
        assertThat(CliOptions.resolve("--config", file.toString()).web().title()).isEqualTo("From file");
    }

    @Test
    void flagsWinOverTheConfigFile() throws Exception {
        Path file = yaml("""
                http:
                  bind: 10.0.0.1
                  port: 8080
                  allowed-origins: [https://file.example]
                upstream:
                  tls: required
                web:
                  title: kept
                """);
        PorticoConfig c = CliOptions.resolve("--config", file.toString(), "--bind", "127.0.0.2", "--http-port", "9090",
                "--upstream-tls", "if-offered", "--allow-origin", "https://flag.example");
        assertThat(c.http().bind()).isEqualTo("127.0.0.2");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().allowedOrigins()).containsExactly("https://flag.example");
        assertThat(c.upstream().tls()).isEqualTo(TlsPolicy.IF_OFFERED);
        assertThat(c.web().title()).isEqualTo("kept");
    }

    @Test
    void upstreamFlagsReplaceTheConfiguredDomains() throws Exception {
        Path file = yaml("upstream:\n  domains:\n    file.example: {host: h}\n  connect-timeout: 3s\n");
        PorticoConfig c = CliOptions.resolve("--config", file.toString(), "--upstream", "a.example=10.0.0.1:5299",
                "--upstream", "b.example=xmpp.b.example:5222");
        assertThat(c.upstream().domains()).containsExactly(
                Map.entry("a.example", new UpstreamDomain("a.example", Optional.of("10.0.0.1"), 5299)),
                Map.entry("b.example", new UpstreamDomain("b.example", Optional.of("xmpp.b.example"), 5222)));
        assertThat(c.upstream().connectTimeout()).hasSeconds(3);
    }

    @Test
    void allowOriginIsRepeatableAndReplacesTheList() throws Exception {
        Path file = yaml("http:\n  allowed-origins: [https://file.example]\n");
        PorticoConfig c = CliOptions.resolve("--config", file.toString(), "--allow-origin", "https://a.example",
                "--allow-origin=HTTPS://B.example:443");
        assertThat(c.http().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void domainEqualsHostMeansPort5222() {
        UpstreamDomain d = CliOptions.resolve("--upstream", "Example.com=XMPP.example.com").upstream().domains().get("example.com");
        assertThat(d).isEqualTo(new UpstreamDomain("example.com", Optional.of("xmpp.example.com"), 5222));
    }

    @Test
    void aDomainAloneMeansSrv() {
        UpstreamDomain d = CliOptions.resolve("--upstream", "example.com").upstream().domains().get("example.com");
        assertThat(d).isEqualTo(UpstreamDomain.viaSrv("example.com"));
        assertThat(d.host()).isEmpty();
    }

    @Test
    void ipv6UpstreamHostsGoInBrackets() {
        PorticoConfig c = CliOptions.resolve("--upstream", "a.example=[::1]:5299", "--upstream", "b.example=[::1]");
        assertThat(c.upstream().domains().get("a.example")).isEqualTo(new UpstreamDomain("a.example", Optional.of("::1"), 5299));
        assertThat(c.upstream().domains().get("b.example").port()).isEqualTo(5222);
    }

    @Test
    void malformedUpstreamFlagsShowTheExpectedForm() {
        for (String bad : new String[] {"foo=bar:x", "foo=", "foo=:5222", "foo=::1", "foo=[::1", "foo=[::1]5222",
                "foo=bar:123456"}) {
            ConfigException e = Failures.thrownBy(() -> CliOptions.resolve("--upstream", bad));
            assertThat(e.getMessage()).isEqualTo("--upstream: expected DOMAIN=HOST:PORT (got '" + bad + "')");
        }
    }

    @Test
    void badPartsOfAnUpstreamFlagAreNamed() {
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--upstream", "exa mple=h")).getMessage())
                .isEqualTo("--upstream: must be a valid DNS domain name (got 'exa mple')");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--upstream", "example.com=bad host:1")).getMessage())
                .isEqualTo("--upstream: must be an IP address or a DNS host name (got 'bad host')");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--upstream", "example.com=h:70000")).getMessage())
                .isEqualTo("--upstream: must be between 1 and 65535 (got 70000)");
    }

    @Test
    void theSameDomainTwiceIsAnError() {
        ConfigException e = Failures.thrownBy(() -> CliOptions.resolve("--upstream", "a.example=h1", "--upstream", "A.example=h2"));
        assertThat(e.key()).isEqualTo("--upstream");
        assertThat(e.problem()).contains("'a.example'");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--bogus")).getMessage()).isEqualTo("--bogus: unknown option");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--bogus=1")).key()).isEqualTo("--bogus");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("-p", "80")).key()).isEqualTo("-p");
    }

    @Test
    void aPositionalArgumentIsRejected() {
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("portico.yaml")).key()).isEqualTo("portico.yaml");
    }

    @Test
    void aMissingValueNamesTheFlag() {
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--http-port")).getMessage())
                .isEqualTo("--http-port: missing value (expected N)");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--config", "--no-demo")).key()).isEqualTo("--config");
    }

    @Test
    void aSingleValuedFlagGivenTwiceIsAnError() {
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--http-port", "1", "--http-port", "2")).getMessage())
                .isEqualTo("--http-port: given more than once");
    }

    @Test
    void badFlagValuesAreReportedUnderTheFlag() {
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--http-port", "http")).getMessage())
                .isEqualTo("--http-port: expected a port number (got 'http')");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--http-port", "70000")).getMessage())
                .isEqualTo("--http-port: must be between 1 and 65535, or 0 for any free port (got 70000)");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--upstream-tls", "sometimes")).getMessage())
                .isEqualTo("--upstream-tls: must be one of required, if-offered, disabled, direct (got 'sometimes')");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--allow-origin", "example.com")).getMessage())
                .isEqualTo("--allow-origin: must look like scheme://host[:port] with no path (got 'example.com')");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--bind", "local host")).key()).isEqualTo("--bind");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--no-demo=false")).key()).isEqualTo("--no-demo");
    }

    @Test
    void aMissingConfigFileIsReportedUnderTheFlag() {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = Failures.thrownBy(() -> CliOptions.resolve("--config", missing.toString()));
        assertThat(e.getMessage()).isEqualTo("--config: file not found (got '" + missing + "')");
    }

    @Test
    void errorsInTheConfigFileKeepTheirYamlKey() throws Exception {
        Path file = yaml("http:\n  port: 70000\n");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--config", file.toString())).key()).isEqualTo("http.port");
    }

    @Test
    void aFlagOverridesABadValueInTheFile() throws Exception {
        Path file = yaml("http:\n  port: 70000\n");
        assertThat(CliOptions.resolve("--config", file.toString(), "--http-port", "8080").http().port()).isEqualTo(8080);
    }

    @Test
    void aFileSectionThatIsNotAMapIsStillReported() throws Exception {
        Path file = yaml("http: 5\n");
        ConfigException e = Failures.thrownBy(() -> CliOptions.resolve("--config", file.toString(), "--http-port", "1"));
        assertThat(e.key()).isEqualTo("http");
    }

    @Test
    void theTrustStoreFlagMustNameAnExistingFile() throws Exception {
        Path missing = dir.resolve("ca.pem");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("--upstream-trust-store", missing.toString())).getMessage())
                .isEqualTo("--upstream-trust-store: file not found (got '" + missing + "')");

        Files.writeString(missing, "pem");
        assertThat(CliOptions.resolve("--upstream-trust-store", missing.toString()).upstream().trustStore())
                .contains(missing.toAbsolutePath());
    }

    @Test
    void aRelativeTrustStoreFlagIsRelativeToTheWorkingDirectoryNotTheConfigFile() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("conf"));
        Path file = Files.writeString(sub.resolve("p.yaml"), "");
        Path here = Path.of("").toAbsolutePath().relativize(Files.writeString(dir.resolve("ca.pem"), "pem"));
        PorticoConfig c = CliOptions.resolve("--config", file.toString(), "--upstream-trust-store", here.toString());
        assertThat(c.upstream().trustStore()).contains(dir.resolve("ca.pem").toAbsolutePath());
    }

    @Test
    void noDemoWithoutAnUpstreamIsAnError() {
        ConfigException e = Failures.thrownBy(() -> CliOptions.resolve("--no-demo"));
        assertThat(e.key()).isEqualTo("upstream.domains");
        assertThat(e.problem()).isEqualTo("no upstream domain configured and the demo server is disabled;"
                + " add --upstream DOMAIN=HOST:PORT or upstream.domains in the config file");
    }

    @Test
    void noDemoWithAnUpstreamIsFine() {
        PorticoConfig c = CliOptions.resolve("--no-demo", "--upstream", "example.com=127.0.0.1:5222");
        assertThat(c.demo().enabled()).isFalse();
        assertThat(c.runsDemoServer()).isFalse();
    }

    @Test
    void anUpstreamFlagSatisfiesAFileThatDisablesTheDemo() throws Exception {
        Path file = yaml("demo:\n  enabled: false\n");
        PorticoConfig c = CliOptions.resolve("--config", file.toString(), "--upstream", "example.com");
        assertThat(c.upstream().domains()).containsOnlyKeys("example.com");
    }

    @Test
    void theDemoRunsWhenNothingIsConfigured() {
        assertThat(CliOptions.resolve().runsDemoServer()).isTrue();
    }

    @Test
    void helpIsRecognised() {
        assertThat(CliOptions.isHelpRequest("--help")).isTrue();
        assertThat(CliOptions.isHelpRequest("--http-port", "1", "--help")).isTrue();
        assertThat(CliOptions.isHelpRequest("--http-port", "1")).isFalse();
        assertThat(CliOptions.isHelpRequest()).isFalse();
        assertThat(CliOptions.resolve("--help")).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void usageListsEveryFlag() {
        assertThat(CliOptions.usage()).contains("--config", "--bind", "--http-port", "--upstream=DOMAIN=HOST:PORT",
                "--upstream-tls", "--upstream-allow-plaintext", "--allow-origin", "--upstream-trust-store", "--no-demo", "--help")
                .doesNotContain("\u001b[");
    }

    @Test
    void atFilesAreNotExpanded() throws Exception {
        Path args = Files.writeString(dir.resolve("args"), "--http-port 1\n");
        assertThat(Failures.thrownBy(() -> CliOptions.resolve("@" + args)).key()).isEqualTo("@" + args);
    }

    private Path yaml(String text) throws Exception {
        return Files.writeString(dir.resolve("portico.yaml"), text);
    }
}
