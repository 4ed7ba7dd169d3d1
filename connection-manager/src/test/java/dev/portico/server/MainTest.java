package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Exit codes and messages of the command line (the contract in DESIGN.md). */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBadFlagValueExitsWithTwoAndOneLineNamingTheFlag() {
        assertThat(run("--http-port", "seventy")).isEqualTo(2);
        assertThat(errText().lines()).hasSize(1);
        assertThat(errText()).contains("--http-port").contains("seventy");
    }

    @Test
    void aBadTlsPolicyNamesTheAllowedValues() {
        assertThat(run("--upstream", "example.com=127.0.0.1:5222", "--upstream-tls", "sometimes")).isEqualTo(2);
        assertThat(errText()).contains("--upstream-tls").contains("if-offered").contains("sometimes");
    }

    @Test
    void plaintextTowardsAPublicServerExitsWithTwoNamingTheKey() {
        assertThat(run("--upstream", "example.com=203.0.113.7", "--upstream-tls", "if-offered")).isEqualTo(2);
        assertThat(errText().lines()).hasSize(1);
        assertThat(errText()).contains("upstream.tls").contains("--upstream-allow-plaintext");
    }

    @Test
    void noDemoWithoutUpstreamIsAConfigError() {
        assertThat(run("--no-demo")).isEqualTo(2);
        assertThat(errText()).contains("upstream.domains");
    }

    @Test
    void withoutUpstreamAndWithoutTheDemoModuleItExplainsHowToPointAtAServer() {
        // The demo-server module is not on this module's classpath.
        assertThat(run("--http-port", "0")).isEqualTo(2);
        assertThat(errText()).contains("--upstream DOMAIN=HOST:PORT");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--upstream").contains("--allow-origin");
    }
}
