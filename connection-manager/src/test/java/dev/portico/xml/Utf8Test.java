package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 check agrees with the JDK's strict decoder on every short sequence that matters. */
class Utf8Test {
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private final CharBuffer chars = CharBuffer.allocate(8);
    private final List<String> disagreements = new ArrayList<>();

    @Test
    void everyTwoByteSequenceIsJudgedLikeTheJdk() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                compare(new byte[] {(byte) a, (byte) b});
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void threeAndFourByteSequencesAtEveryBoundaryAreJudgedLikeTheJdk() {
        int[] edges = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int lead = 0xC0; lead < 256; lead++) {
            for (int second = 0; second < 256; second++) {
                for (int third : edges) {
                    compare(new byte[] {(byte) lead, (byte) second, (byte) third});
                    for (int fourth : edges) {
                        compare(new byte[] {(byte) lead, (byte) second, (byte) third, (byte) fourth});
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void reportsWhereTheBadSequenceStartsWithinTheRange() {
        byte[] bytes = {'x', 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xC0, (byte) 0x80, 'b'};
        assertThat(Utf8.firstInvalid(ByteBuffer.wrap(bytes), 1, 7)).isEqualTo(4);
        assertThat(Utf8.firstInvalid(ByteBuffer.wrap(bytes), 1, 4)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(ByteBuffer.wrap(bytes), 1, 3)).as("cut inside a character").isEqualTo(2);
    }

    private void compare(byte[] bytes) {
        // The CoderResult form: an exception per invalid sequence made this test slow.
        boolean jdk = !strict.reset().decode(ByteBuffer.wrap(bytes), chars.clear(), true).isError();
        boolean ours = Utf8.firstInvalid(ByteBuffer.wrap(bytes), 0, bytes.length) < 0;
        if (ours != jdk) {
            disagreements.add(HexFormat.ofDelimiter(" ").formatHex(bytes) + (jdk ? " valid" : " invalid"));
        }
    }
}
