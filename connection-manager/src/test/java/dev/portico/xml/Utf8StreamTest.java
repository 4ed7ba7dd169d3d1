package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Strict UTF-8 over a stream cut into reads anywhere, as the upstream server's bytes arrive. */
class Utf8StreamTest {
    private static final byte[] TEXT = "<body>héllo ✓ 𝄞 end</body>".getBytes(StandardCharsets.UTF_8);

    @Test
    void wellFormedTextPassesWhereverTheReadsSplitIt() {
        for (int split = 0; split <= TEXT.length; split++) {
            for (int second = split; second <= TEXT.length; second++) {
                Utf8Stream stream = new Utf8Stream();
                int a = split;
                int b = second;
                assertThat(stream.firstInvalid(ByteBuffer.wrap(TEXT), 0, a)).as("split at %d and %d", a, b).isEqualTo(-1);
                assertThat(stream.firstInvalid(ByteBuffer.wrap(TEXT), a, b)).as("split at %d and %d", a, b).isEqualTo(-1);
                assertThat(stream.firstInvalid(ByteBuffer.wrap(TEXT), b, TEXT.length)).isEqualTo(-1);
            }
        }
    }

    @Test
    void anIllFormedByteIsRefusedWhereverItFalls() {
        byte[] bad = "<success xml\u0000ns='x'/>".getBytes(StandardCharsets.UTF_8);
        bad[12] = (byte) 0x86;   // a continuation byte with no lead, as the fuzzer found
        for (int split = 0; split <= bad.length; split++) {
            Utf8Stream stream = new Utf8Stream();
            int first = stream.firstInvalid(ByteBuffer.wrap(bad), 0, split);
            int found = first >= 0 ? first : stream.firstInvalid(ByteBuffer.wrap(bad), split, bad.length);
            assertThat(found).as("split at %d", split).isEqualTo(12);
        }
    }

    @Test
    void aSequenceBrokenAcrossTwoReadsIsRefused() {
        Utf8Stream stream = new Utf8Stream();
        byte[] first = {'a', (byte) 0xE2, (byte) 0x9C};
        byte[] second = {'b'};
        assertThat(stream.firstInvalid(ByteBuffer.wrap(first), 0, first.length)).isEqualTo(-1);
        assertThat(stream.firstInvalid(ByteBuffer.wrap(second), 0, 1)).isEqualTo(0);
    }

    @Test
    void anOverlongFormSplitAcrossReadsIsRefused() {
        Utf8Stream stream = new Utf8Stream();
        assertThat(stream.firstInvalid(ByteBuffer.wrap(new byte[] {(byte) 0xE0}), 0, 1)).isEqualTo(-1);
        assertThat(stream.firstInvalid(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80}), 0, 2)).isEqualTo(0);
    }
}
