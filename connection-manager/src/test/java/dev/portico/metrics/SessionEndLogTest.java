package dev.portico.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.portico.session.ClientSession;
import dev.portico.session.SessionRegistry;
import dev.portico.session.SessionServices;
import org.junit.jupiter.api.Test;

class SessionEndLogTest {
    private static ClientSession session(String address) {
        return new ClientSession(new SessionServices(null, null, new SessionRegistry(1, 1), 1, Duration.ZERO,
            Duration.ZERO, 1), null, address, "bosh");
    }

    @Test
    void jsonLinesAreOneObjectWithEveryField() {
        String line = new SessionEndLog(true).format(session("::1"), "policy-violation");
        assertThat(line).startsWith("{\"event\":\"session_end\",\"id\":\"").endsWith("}").doesNotContain("\n")
            .contains("\"transport\":\"bosh\"", "\"jid\":null", "\"client\":\"::1\"", "\"duration_ms\":",
                "\"bytes_to_server\":0", "\"bytes_to_client\":0", "\"reason\":\"policy-violation\"");
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(SessionEndLog.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void textLinesNameEveryField() {
        assertThat(new SessionEndLog(false).format(session("10.0.0.1"), "client-gone"))
            .matches("session \\w+ ended: transport=bosh jid=- client=10\\.0\\.0\\.1 duration=\\d+ms "
                + "bytes_to_server=0 bytes_to_client=0 reason=client-gone");
    }
}
