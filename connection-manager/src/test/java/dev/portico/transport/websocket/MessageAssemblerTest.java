package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.portico.transport.websocket.MessageAssembler.Step;
import org.junit.jupiter.api.Test;

/** Fragments of one WebSocket message become its bytes, never more than the limit. */
class MessageAssemblerTest {
    private final MessageAssembler assembler = new MessageAssembler(16);

    @Test
    void fragmentsAreJoinedInUtf8() {
        assertThat(assembler.append("<a>é", false)).isEqualTo(Step.MORE);
        assertThat(assembler.append("日</a>", true)).isEqualTo(Step.COMPLETE);
        assertThat(text(assembler.take())).isEqualTo("<a>é日</a>");
        assertThat(assembler.append("<b/>", true)).isEqualTo(Step.COMPLETE);
        assertThat(text(assembler.take())).isEqualTo("<b/>");
    }

    @Test
    void aMessageOverTheLimitIsReportedOnceAndTheRestOfItDropped() {
        assertThat(assembler.append("<message>", false)).isEqualTo(Step.MORE);
        assertThat(assembler.append("0123456789", false)).as("19 bytes > 16").isEqualTo(Step.TOO_LARGE);
        assertThat(assembler.append("more", false)).isEqualTo(Step.DROPPED);
        assertThat(assembler.append("</message>", true)).isEqualTo(Step.DROPPED);
        assertThat(assembler.append("<p/>", true)).as("the next message starts clean").isEqualTo(Step.COMPLETE);
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        assertThat(assembler.append("éééééééé", true)).as("16 bytes").isEqualTo(Step.COMPLETE);
        assertThat(assembler.take().remaining()).isEqualTo(16);
        assertThat(assembler.append("ééééééééé", true)).as("18 bytes in one frame").isEqualTo(Step.TOO_LARGE);
        assertThat(assembler.append("<p/>", true)).isEqualTo(Step.COMPLETE);
    }

    @Test
    void aCharacterSplitBetweenFramesIsJoinedFromRawBytes() {
        byte[] utf8 = "<a>日</a>".getBytes(StandardCharsets.UTF_8);
        // The split falls inside the three bytes of '日': fragments are bytes, never decoded on their own.
        assertThat(assembler.append(ByteBuffer.wrap(utf8, 0, 4), false)).isEqualTo(Step.MORE);
        assertThat(assembler.append(ByteBuffer.wrap(utf8, 4, utf8.length - 4), true)).isEqualTo(Step.COMPLETE);
        assertThat(text(assembler.take())).isEqualTo("<a>日</a>");
    }

    @Test
    void aMessageInOneFrameIsTheFramesOwnBytesUncopied() {
        ByteBuffer payload = ByteBuffer.wrap("xx<b/>".getBytes(StandardCharsets.UTF_8), 2, 4);
        assertThat(assembler.append(payload, true)).isEqualTo(Step.COMPLETE);
        ByteBuffer taken = assembler.take();
        assertThat(taken.array()).isSameAs(payload.array());
        assertThat(text(taken)).isEqualTo("<b/>");
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }
}
