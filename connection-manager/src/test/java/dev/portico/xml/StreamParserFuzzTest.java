package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the parser of the upstream server's stream. The first input byte picks a chunk size; the rest
 * is the stream, fed once whole and once in chunks.
 */
class StreamParserFuzzTest {
    private static final int MAX_ELEMENT = 1024;

    /** What a parser delivered for one input: its events, then the condition it failed with, if any. */
    private record Outcome(List<String> events, StreamErrorCondition failure) {
    }

    /**
     * However TCP splits the stream, the same events come out (restarting after SASL success or TLS
     * proceed as the session does); a failure is always a stream error; every element stands alone.
     */
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/dev/portico/fuzz/xmpp.dict")
    void chunkingNeverChangesWhatIsDeliveredAndElementsStandAlone(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int chunk = 1 + (input[0] & 0x0f);
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        RecordingHandler whole = new RecordingHandler(StreamParserFuzzTest::restartsStream);
        Outcome once = run(whole, stream, stream.length);
        Outcome split = run(new RecordingHandler(StreamParserFuzzTest::restartsStream), stream, chunk);
        assertThat(split).isEqualTo(once);
        for (ParsedElement e : whole.elements) {
            FuzzChecks.standsAlone(e);
        }
    }

    private static boolean restartsStream(ParsedElement e) {
        return e.is("success", Namespaces.SASL) || e.is("proceed", Namespaces.TLS);
    }

    private static Outcome run(RecordingHandler h, byte[] stream, int chunk) {
        StreamParser parser = new StreamParser(h, MAX_ELEMENT);
        h.parser = parser;
        StreamErrorCondition failure = null;
        try {
            for (int i = 0; i < stream.length; i += chunk) {
                parser.feed(ByteBuffer.wrap(stream, i, Math.min(chunk, stream.length - i)));
            }
        } catch (XmlStreamException e) {
            FuzzChecks.isWireError(e);
            failure = e.condition();
        }
        return new Outcome(h.events, failure);
    }
}
