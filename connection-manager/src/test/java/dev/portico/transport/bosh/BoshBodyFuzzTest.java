package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portico.xml.FuzzChecks;
import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.XmlStreamException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the BOSH body reader: the fuzzed bytes are posted as a body, once without a session and once
 * with the sid of a live session put in front of them.
 */
class BoshBodyFuzzTest {
    /** Any body gets a well-formed {@code <body/>} answer or is held; nothing throws. */
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/dev/portico/fuzz/xmpp.dict")
    void everyBodyIsAnsweredWithABodyOrHeld(byte[] body) {
        BoshHarness harness = new BoshHarness();
        FakeExchange sessionless = new FakeExchange();
        harness.service.process(body, "127.0.0.1", sessionless);
        checkAnswer(sessionless);

        BoshHarness.Client client = harness.open();
        String withSid = new String(body, StandardCharsets.UTF_8)
            .replaceFirst("<body", "<body sid='" + client.sid + "' rid='" + client.nextRid + "'");
        FakeExchange inSession = new FakeExchange();
        harness.service.process(withSid.getBytes(StandardCharsets.UTF_8), "127.0.0.1", inSession);
        checkAnswer(inSession);
    }

    private static void checkAnswer(FakeExchange exchange) {
        if (!exchange.answered()) {
            return;
        }
        assertThat(exchange.status).isEqualTo(200);
        ParsedElement answer;
        try {
            answer = new InboundParser(1 << 20).parse(exchange.body.getBytes(StandardCharsets.UTF_8));
        } catch (XmlStreamException e) {
            throw new AssertionError("answer is not well-formed: " + exchange.body, e);
        }
        assertThat(answer.localName()).isEqualTo("body");
        FuzzChecks.standsAlone(answer);
    }
}
