package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad value: the key is the full dotted key and the problem quotes what was written. */
class ConfigValidationTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownKeyListsTheKnownOnes() {
        assertThat(Failures.loading("http:\n  prot: 7070\n").getMessage())
                .isEqualTo("http.prot: unknown key (known: bind, port, allowed-origins, trusted-proxies, public-url)");
    }

    @Test
    void anUnknownSectionListsTheKnownOnes() {
        assertThat(Failures.loading("monitoring:\n  enabled: true\n").getMessage())
                .isEqualTo("monitoring: unknown key (known: http, upstream, websocket, bosh, limits, web, demo, logging, admin, metrics)");
    }

    @Test
    void aLogFormatOtherThanTextOrJsonIsReported() {
        assertThat(Failures.loading("logging:\n  format: xml\n").getMessage())
                .isEqualTo("logging.format: must be text or json (got 'xml')");
        assertThat(ConfigLoader.fromYaml("logging:\n  format: json\n").ops().jsonLogs()).isTrue();
    }

    @Test
    void aShortAdminTokenIsReported() {
        assertThat(Failures.loading("admin:\n  token: secret\n").key()).isEqualTo("admin.token");
        assertThat(ConfigLoader.fromYaml("admin:\n  token: 0123456789abcdef0\n").ops().adminToken())
                .contains("0123456789abcdef0");
    }

    @Test
    void anUnknownKeyInADomainEntryIsReportedUnderThatDomain() {
        assertThat(Failures.loading("upstream:\n  domains:\n    example.com: {hots: x}\n").getMessage())
                .isEqualTo("upstream.domains.example.com.hots: unknown key (known: host, port, proxy-protocol)");
    }

    @Test
    void aProxyProtocolThatIsNotTrueOrFalseIsReportedUnderItsDomain() {
        ConfigException e = Failures.loading("upstream:\n  domains:\n    Example.com: {host: h, proxy-protocol: v2}\n");
        assertThat(e.key()).isEqualTo("upstream.domains.example.com.proxy-protocol");
        assertThat(e.problem()).isEqualTo("expected true or false (got 'v2')");
    }

    @Test
    void theProxyProtocolIsPerDomainAndOffUnlessSaid() {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  domains:\n    a.example: {host: h, proxy-protocol: true}\n"
            + "    b.example: {host: h}\n");
        assertThat(c.upstream().domains().get("a.example").proxyProtocol()).isTrue();
        assertThat(c.upstream().domains().get("b.example").proxyProtocol()).isFalse();
    }

    @Test
    void anUnknownKeyUnderTheWidgetIsReported() {
        assertThat(Failures.loading("web:\n  widget:\n    embedders: []\n").key()).isEqualTo("web.widget.embedders");
    }

    @Test
    void anHttpPortOutOfRangeIsReported() {
        assertThat(Failures.loading("http:\n  port: 70000\n").getMessage())
                .isEqualTo("http.port: must be between 1 and 65535, or 0 for any free port (got 70000)");
    }

    @Test
    void httpPortZeroMeansAnyFreePort() {
        assertThat(ConfigLoader.fromYaml("http:\n  port: 0\n").http().port()).isZero();
    }

    @Test
    void anUpstreamPortIsReportedUnderItsDomain() {
        ConfigException e = Failures.loading("upstream:\n  domains:\n    Example.com: {host: h, port: 0}\n");
        assertThat(e.key()).isEqualTo("upstream.domains.example.com.port");
        assertThat(e.problem()).isEqualTo("must be between 1 and 65535 (got 0)");
    }

    @Test
    void aBadTlsPolicyListsTheAllowedValues() {
        assertThat(Failures.loading("upstream:\n  tls: sometimes\n").getMessage())
                .isEqualTo("upstream.tls: must be one of required, if-offered, disabled, direct (got 'sometimes')");
    }

    @ParameterizedTest(name = "{0} = {1} is the wrong type")
    @CsvSource(delimiter = '|', textBlock = """
            http.port                    | '7070x'         | expected a whole number (got '7070x')
            http.port                    | 99999999999     | is too large (got 99999999999)
            http.port                    | 80.5            | expected a whole number (got 80.5)
            http.bind                    | 127             | expected text (got 127); put it in quotes
            http.allowed-origins         | https://a.test  | expected a list (got 'https://a.test')
            http.allowed-origins         | [1]             | expected a list of text (got 1 in it)
            demo.enabled                 | yes             | expected true or false (got 'yes')
            demo.password                | 1234            | expected text (got 1234); put it in quotes
            bosh.max-hold                | [1]             | expected a whole number (got a list)
            upstream.connect-timeout     | ten             | expected a duration like 30s, 500ms, 2m or 1h (got 'ten')
            limits.max-stanza-size       | 256KB           | expected a size in bytes like 262144, 256KiB or 1MiB (got '256KB')
            """)
    void wrongTypesAreReported(String key, String value, String problem) {
        ConfigException e = Failures.loading(yamlSetting(key, value));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.problem()).isEqualTo(problem);
    }

    @Test
    void aSectionThatIsNotAMapIsReported() {
        ConfigException e = Failures.loading("http: 7070\n");
        assertThat(e.key()).isEqualTo("http");
        assertThat(e.problem()).isEqualTo("expected a section of keys (got 7070)");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            websocket.path           | xmpp-websocket      | must start with '/' (got 'xmpp-websocket')
            bosh.path                | http-bind           | must start with '/' (got 'http-bind')
            bosh.path                | /                   | must not be '/', which serves the web chat (got '/')
            bosh.path                | '/http bind'        | must be a plain path without spaces, '?' or '#' (got '/http bind')
            """)
    void endpointPathsMustBeAbsolutePaths(String key, String value, String problem) {
        ConfigException e = Failures.loading(yamlSetting(key, value));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.problem()).isEqualTo(problem);
    }

    @Test
    void theTwoEndpointsNeedDifferentPaths() {
        ConfigException e = Failures.loading("websocket:\n  path: /xmpp\nbosh:\n  path: /xmpp\n");
        assertThat(e.key()).isEqualTo("bosh.path");
        assertThat(e.problem()).contains("'/xmpp'");
    }

    @ParameterizedTest(name = "origin {0}")
    @CsvSource(delimiter = '|', textBlock = """
            chat.example.com
            https://chat.example.com/
            https://chat.example.com/chat
            https://chat.example.com:99999
            https://user@chat.example.com
            'null'
            '*'
            https://exa_mple.com
            """)
    void originsMustLookLikeSchemeHostPort(String origin) {
        ConfigException e = Failures.loading("http:\n  allowed-origins: ['" + origin + "']\n");
        assertThat(e.key()).isEqualTo("http.allowed-origins");
        assertThat(e.problem()).isEqualTo("must look like scheme://host[:port] with no path (got '" + origin + "')");
    }

    @ParameterizedTest(name = "public URL {0}")
    @CsvSource(delimiter = '|', textBlock = """
            chat.example.com
            ftp://chat.example.com
            wss://chat.example.com
            https://chat.example.com:99999
            https://user@chat.example.com
            https://chat.example.com/chat?x=1
            https://chat.example.com/#top
            'https://chat.example.com/a b'
            https://exa_mple.com
            """)
    void aPublicUrlMustBeAnHttpUrlWithoutQuery(String url) {
        ConfigException e = Failures.loading("http:\n  public-url: '" + url + "'\n");
        assertThat(e.key()).isEqualTo("http.public-url");
        assertThat(e.problem()).isEqualTo("must look like https://host[:port][/path], the address browsers use to"
                + " reach Portico (got '" + url + "')");
    }

    @ParameterizedTest(name = "public URL {0}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTPS://Chat.Example.com:443/      | https://chat.example.com       | https://chat.example.com
            https://chat.example.com:8443/xmpp | https://chat.example.com:8443  | https://chat.example.com:8443/xmpp
            http://[::1]:7070                  | http://[::1]:7070              | http://[::1]:7070
            """)
    void aPublicUrlIsNormalisedAndNamesItsOrigin(String written, String origin, String url) {
        HttpConfig http = ConfigLoader.fromYaml("http:\n  public-url: '" + written + "'\n").http();
        assertThat(http.publicUrl()).hasValue(url);
        assertThat(http.publicOrigin()).hasValue(origin);
    }

    @Test
    void widgetEmbeddersAreOriginsToo() {
        ConfigException e = Failures.loading("web:\n  widget:\n    allowed-embedders: [www.example.com]\n");
        assertThat(e.key()).isEqualTo("web.widget.allowed-embedders");
        assertThat(e.problem()).contains("'www.example.com'");
    }

    @ParameterizedTest(name = "domain {0}")
    @CsvSource(delimiter = '|', textBlock = """
            'exa mple.com'
            -example.com
            example..com
            example.com.
            ex_ample.com
            bücher.example
            """)
    void upstreamDomainNamesMustBeDnsNames(String domain) {
        ConfigException e = Failures.loading("upstream:\n  domains:\n    '" + domain + "':\n");
        assertThat(e.key()).isEqualTo("upstream.domains");
        assertThat(e.problem()).isEqualTo("must be a valid DNS domain name (got '" + domain + "')");
    }

    @Test
    void aLabelLongerThan63CharactersIsNotADnsName() {
        String longLabel = "a".repeat(64) + ".example";
        assertThat(Failures.loading("web:\n  default-domain: " + longLabel + "\n").key()).isEqualTo("web.default-domain");
    }

    @Test
    void aDomainListedTwiceInDifferentCaseIsReported() {
        ConfigException e = Failures.loading("upstream:\n  domains:\n    example.com:\n    EXAMPLE.com:\n");
        assertThat(e.key()).isEqualTo("upstream.domains");
        assertThat(e.problem()).isEqualTo("lists 'example.com' more than once");
    }

    @ParameterizedTest(name = "host {0}")
    @CsvSource(delimiter = '|', textBlock = """
            'xmpp example.com'
            999.1.1.1
            '[example.com]'
            'fe80::zz'
            """)
    void upstreamHostsMustBeAddressesOrHostNames(String host) {
        ConfigException e = Failures.loading("upstream:\n  domains:\n    example.com: {host: '" + host + "'}\n");
        assertThat(e.key()).isEqualTo("upstream.domains.example.com.host");
        assertThat(e.problem()).isEqualTo("must be an IP address or a DNS host name (got '" + host + "')");
    }

    @Test
    void aBadBindAddressIsReported() {
        ConfigException e = Failures.loading("http:\n  bind: 'local host'\n");
        assertThat(e.key()).isEqualTo("http.bind");
        assertThat(e.problem()).contains("'local host'");
    }

    @ParameterizedTest(name = "proxy {0}")
    @CsvSource({"10.0.0.0/33", "10.0.0.0/", "proxy.example.com", "::1/129"})
    void trustedProxiesMustBeAddressesOrCidrRanges(String proxy) {
        ConfigException e = Failures.loading("http:\n  trusted-proxies: ['" + proxy + "']\n");
        assertThat(e.key()).isEqualTo("http.trusted-proxies");
        assertThat(e.problem()).isEqualTo("must be an IP address or a CIDR range like 10.0.0.0/8 (got '" + proxy + "')");
    }

    @ParameterizedTest(name = "metrics client {0}")
    @CsvSource({"10.0.0.0/33", "everyone", "localhost"})
    void metricsClientsMustBeAddressesOrCidrRanges(String client) {
        ConfigException e = Failures.loading("metrics:\n  allow-from: ['" + client + "']\n");
        assertThat(e.key()).isEqualTo("metrics.allow-from");
        assertThat(e.problem()).isEqualTo("must be an IP address or a CIDR range like 10.0.0.0/8 (got '" + client + "')");
    }

    @Test
    void aMissingTrustStoreFileIsReported() {
        Path missing = dir.resolve("missing.pem");
        ConfigException e = Failures.loading("upstream:\n  trust-store: " + missing + "\n");
        assertThat(e.key()).isEqualTo("upstream.trust-store");
        assertThat(e.problem()).isEqualTo("file not found (got '" + missing + "')");
    }

    @Test
    void aTrustStoreThatIsADirectoryIsReported() {
        ConfigException e = Failures.loading("upstream:\n  trust-store: " + dir + "\n");
        assertThat(e.key()).isEqualTo("upstream.trust-store");
        assertThat(e.problem()).startsWith("must be a readable file");
    }

    @Test
    void aTrustStorePasswordNeedsATrustStore() {
        ConfigException e = Failures.loading("upstream:\n  trust-store-password: secret\n");
        assertThat(e.key()).isEqualTo("upstream.trust-store-password");
        assertThat(e.problem()).doesNotContain("secret");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            upstream.connect-timeout   | 0s      | must be longer than 0 (got 0s)
            websocket.ping-interval    | 0       | must be longer than 0 (got 0s)
            bosh.inactivity            | 1500ms  | must be a whole number of seconds (got 1500ms)
            bosh.max-pause             | 0       | must be longer than 0 (got 0s)
            bosh.polling               | 500ms   | must be a whole number of seconds (got 500ms)
            bosh.max-wait              | 2500ms  | must be a whole number of seconds (got 2500ms)
            bosh.max-wait              | 0       | must be at least 1 (got 0)
            bosh.max-hold              | 0       | must be at least 1 (got 0)
            websocket.max-frame-size   | 0       | must be at least 1 (got 0)
            limits.max-sessions        | -1      | must be at least 1 (got -1)
            limits.max-sessions-per-ip | 0       | must be at least 1 (got 0)
            limits.auth-failures-per-ip-per-hour | -1 | must be at least 0 (got -1)
            demo.domain                | 'a b'   | must be a valid DNS domain name (got 'a b')
            """)
    void outOfRangeValuesAreReported(String key, String value, String problem) {
        ConfigException e = Failures.loading(yamlSetting(key, value));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.problem()).isEqualTo(problem);
    }

    @Test
    void aBlankTitleIsReported() {
        assertThat(Failures.loading("web:\n  title: ' '\n").getMessage()).isEqualTo("web.title: must not be empty (got ' ')");
    }

    @Test
    void boshNeedsOneMoreRequestThanItHolds() {
        ConfigException e = Failures.loading("bosh:\n  max-hold: 2\n");
        assertThat(e.getMessage()).isEqualTo("bosh.max-requests: must be at least max-hold + 1 = 3 (got 2)");
    }

    @Test
    void queuedBytesBelowTheStanzaSizeAreReported() {
        ConfigException e = Failures.loading("limits:\n  max-stanza-size: 64KiB\n  max-queued-bytes: 1000\n");
        assertThat(e.key()).isEqualTo("limits.max-queued-bytes");
        assertThat(e.problem()).startsWith("must be at least limits.max-stanza-size (65536 bytes)");
    }

    @Test
    void disablingTheDemoWithoutAnUpstreamDomainIsAnError() {
        assertThat(Failures.loading("demo:\n  enabled: false\n").getMessage()).isEqualTo("upstream.domains: no upstream"
                + " domain configured and the demo server is disabled; add --upstream DOMAIN=HOST:PORT or upstream.domains"
                + " in the config file");
    }

    @Test
    void disablingTheDemoIsFineWhenADomainIsConfigured() {
        PorticoConfig c = ConfigLoader.fromYaml("demo:\n  enabled: false\nupstream:\n  domains:\n    example.com:\n");
        assertThat(c.runsDemoServer()).isFalse();
    }

    @Test
    void theDemoDoesNotRunWhenADomainIsConfigured() {
        assertThat(ConfigLoader.fromYaml("upstream:\n  domains:\n    example.com:\n").runsDemoServer()).isFalse();
    }

    @Test
    void badValuesAreQuotedOnOneLine() {
        ConfigException e = Failures.loading("web:\n  default-domain: \"a\\nb\"\n");
        assertThat(e.problem()).isEqualTo("must be a valid DNS domain name (got 'a\\nb')");
    }

    @Test
    void recordsValidateWhenBuiltDirectlyToo() {
        ConfigException e = Failures.thrownBy(() -> new HttpConfig("127.0.0.1", -1, List.of(), List.of()));
        assertThat(e.key()).isEqualTo("http.port");
        assertThat(Failures.thrownBy(() -> new WebConfig(null, Optional.empty(), List.of())).getMessage())
                .isEqualTo("web.title: must be set");
    }

    /** {@code a.b: v} as nested YAML. */
    private static String yamlSetting(String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            yaml.append("  ".repeat(i)).append(parts[i]).append(':');
            yaml.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
        }
        return yaml.toString();
    }
}
