package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.XmlStreamException;
import org.junit.jupiter.api.Test;

/** Issue 9 item 10: SASL failures per address slow down, then refuse, new sessions; time is a fake ticker. */
class LoginGuardTest {
    private static final String ADDRESS = "203.0.113.9";
    private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    private final LoginGuard guard = new LoginGuard(8, now::get);

    @Test
    void anAddressWithoutFailuresIsAdmitted() {
        assertThat(guard.refusal(ADDRESS)).isNull();
        assertThat(guard.overLimitAfter(ADDRESS, element("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"))).isFalse();
        assertThat(guard.overLimitAfter(ADDRESS, element("<failure xmlns='urn:example'/>"))).isFalse();
        assertThat(guard.failuresWithinHour(ADDRESS)).isZero();
    }

    @Test
    void fromTheFifthFailureEachNewSessionWaitsTwiceAsLongAfterTheLastFailure() {
        fail(4);
        assertThat(guard.refusal(ADDRESS)).isNull();
        fail(1);
        assertThat(guard.refusal(ADDRESS)).isEqualTo("too many failed logins from your address; try again in 1 s");
        advance(Duration.ofMillis(999));
        assertThat(guard.refusal(ADDRESS)).isNotNull();
        advance(Duration.ofMillis(1));
        assertThat(guard.refusal(ADDRESS)).isNull();
        fail(1);
        assertThat(guard.refusal(ADDRESS)).endsWith("try again in 2 s");
        fail(1);
        assertThat(guard.refusal(ADDRESS)).endsWith("try again in 4 s");
        advance(Duration.ofSeconds(4));
        assertThat(guard.refusal(ADDRESS)).isNull();
    }

    @Test
    void atTheLimitNewSessionsAreRefusedUntilFailuresLeaveTheHour() {
        fail(7);
        advance(Duration.ofMinutes(10));
        assertThat(guard.overLimitAfter(ADDRESS, saslFailure())).as("the eighth failure reaches the limit").isTrue();
        assertThat(guard.refusal(ADDRESS)).startsWith("too many failed logins from your address; try again in ");
        advance(Duration.ofMinutes(49));
        assertThat(guard.refusal(ADDRESS)).as("all eight still within the hour").isNotNull();
        advance(Duration.ofMinutes(2));
        // The first seven have aged out; the eighth alone is below the slow-down threshold.
        assertThat(guard.failuresWithinHour(ADDRESS)).isEqualTo(1);
        assertThat(guard.refusal(ADDRESS)).isNull();
    }

    @Test
    void aSuccessDoesNotWipeTheCount() {
        fail(7);
        guard.overLimitAfter(ADDRESS, element("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"));
        assertThat(guard.failuresWithinHour(ADDRESS)).isEqualTo(7);
        assertThat(guard.overLimitAfter(ADDRESS, saslFailure())).isTrue();
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        for (int i = 0; i < 8; i++) {
            guard.overLimitAfter("2001:db8:1:2::" + Integer.toHexString(i + 1), saslFailure());
        }
        assertThat(guard.refusal("2001:db8:1:2:ffff:ffff:ffff:ffff")).isNotNull();
        assertThat(guard.refusal("[2001:db8:1:2::9]")).isNotNull();
        assertThat(guard.refusal("2001:db8:1:3::1")).isNull();
        assertThat(LoginGuard.group("2001:db8:1:2:aa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginGuard.group("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(LoginGuard.group(ADDRESS)).isEqualTo(ADDRESS);
    }

    @Test
    void otherAddressesAreUnaffected() {
        fail(8);
        assertThat(guard.refusal(ADDRESS)).isNotNull();
        assertThat(guard.refusal("203.0.113.10")).isNull();
    }

    @Test
    void limitZeroTurnsTheGuardOff() {
        LoginGuard off = new LoginGuard(0, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(off.overLimitAfter(ADDRESS, saslFailure())).isFalse();
        }
        assertThat(off.refusal(ADDRESS)).isNull();
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            guard.overLimitAfter(ADDRESS, saslFailure());
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static ParsedElement saslFailure() {
        return element("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
    }

    private static ParsedElement element(String xml) {
        try {
            return new InboundParser(4096).parse(xml.getBytes(StandardCharsets.UTF_8));
        } catch (XmlStreamException e) {
            throw new AssertionError(e);
        }
    }
}
