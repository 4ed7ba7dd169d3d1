package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the validator of browser frames. {@code mvn verify} replays the committed seeds (and any
 * finding saved next to them); {@code JAZZER_FUZZ=1} fuzzes, see docs/security.md.
 */
class InboundParserFuzzTest {
    private final InboundParser parser = new InboundParser(4096);

    /**
     * Every frame is either refused with a stream error (never an internal one, never another
     * exception) or accepted, and then every element it holds stands alone as a valid frame again; either
     * way exactly as a reader of its own would judge it.
     */
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/dev/portico/fuzz/xmpp.dict")
    void everyFrameIsRefusedWithAStreamErrorOrStandsAlone(byte[] frame) {
        // Frames follow each other on this thread's reused reader: none may change the verdict on the next.
        FuzzChecks.sameVerdictAsAlone(parser, frame);
        ParsedElement root;
        try {
            root = parser.parse(frame);
        } catch (XmlStreamException e) {
            FuzzChecks.isWireError(e);
            return;
        }
        assertThat(root.rawLength()).isLessThanOrEqualTo(frame.length);
        FuzzChecks.standsAlone(root);
    }
}
