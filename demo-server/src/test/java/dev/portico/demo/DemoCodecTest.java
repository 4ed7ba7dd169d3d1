package dev.portico.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.apache.vysper.mina.codec.StanzaWriteInfo;
import org.apache.vysper.xml.fragment.XMLElement;
import org.apache.vysper.xmpp.stanza.Stanza;
import org.apache.vysper.xmpp.stanza.StanzaBuilder;
import org.junit.jupiter.api.Test;

/** The demo's fixes to Vysper's codec, byte for byte. */
class DemoCodecTest {
    private static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    private static final String STREAMS = "http://etherx.jabber.org/streams";

    private final DemoCodecFactory codec = new DemoCodecFactory();
    private final IoSession session = new DummySession();

    @Test
    void elementMisflaggedAsStreamOpenerIsWrittenWhole() throws Exception {
        Stanza proceed = new StanzaBuilder("proceed", TLS).build();
        // What Vysper hands over when it lost the race: prolog wanted, end tag not.
        assertThat(encode(new StanzaWriteInfo(proceed, true)))
            .isEqualTo("<proceed xmlns=\"" + TLS + "\"></proceed>");
    }

    @Test
    void streamHeaderMisflaggedAsElementStillOpensTheStream() throws Exception {
        Stanza header = new StanzaBuilder("stream", STREAMS, "stream").addAttribute("from", "localhost").build();
        String xml = encode(new StanzaWriteInfo(header, false));
        assertThat(xml).startsWith("<?xml").contains("<stream:stream").doesNotContain("</stream:stream>");
    }

    @Test
    void rawBytesPassThrough() throws Exception {
        assertThat(encode(IoBuffer.wrap("</stream:stream>".getBytes(StandardCharsets.US_ASCII))))
            .isEqualTo("</stream:stream>");
    }

    @Test
    void endOfTheClientsStreamIsReportedAfterItsStanzas() throws Exception {
        List<Object> decoded = decode("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='"
            + STREAMS + "' to='localhost' version='1.0'>", "<presence/>", "</stream:stream>");
        assertThat(decoded).hasSize(3);
        assertThat(((XMLElement) decoded.get(0)).getName()).isEqualTo("stream");
        assertThat(((XMLElement) decoded.get(1)).getName()).isEqualTo("presence");
        assertThat(decoded.get(2)).isInstanceOf(StreamEndDecoder.StreamEnd.class);
    }

    @Test
    void streamRestartIsNotMistakenForTheEnd() throws Exception {
        String header = "<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS + "' to='localhost' version='1.0'>";
        List<Object> decoded = decode(header, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", header,
            "<iq type='get' id='1'/>");
        assertThat(decoded).noneMatch(StreamEndDecoder.StreamEnd.class::isInstance);
        assertThat(decoded).extracting(o -> ((XMLElement) o).getName()).containsExactly("stream", "auth", "stream", "iq");
    }

    private String encode(Object message) throws Exception {
        List<Object> written = new ArrayList<>();
        codec.getEncoder(session).encode(session, message, new ProtocolEncoderOutput() {
            @Override
            public void write(Object encoded) {
                written.add(encoded);
            }

            @Override
            public void mergeAll() {
            }

            @Override
            public WriteFuture flush() {
                return null;
            }
        });
        assertThat(written).hasSize(1);
        IoBuffer buffer = (IoBuffer) written.get(0);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Object> decode(String... chunks) throws Exception {
        List<Object> decoded = new ArrayList<>();
        ProtocolDecoderOutput out = new ProtocolDecoderOutput() {
            @Override
            public void write(Object message) {
                decoded.add(message);
            }

            @Override
            public void flush(NextFilter nextFilter, IoSession s) {
            }
        };
        var decoder = codec.getDecoder(session);
        for (String chunk : chunks) {
            decoder.decode(session, IoBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)), out);
        }
        return decoded;
    }
}
