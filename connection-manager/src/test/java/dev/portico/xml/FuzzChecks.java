package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The properties the fuzz tests check on what the parsers accept or refuse. */
public final class FuzzChecks {
    private FuzzChecks() {
    }

    /** A refusal names a condition the peer can be sent, with a message for the one log line. */
    public static void isWireError(XmlStreamException e) {
        assertThat(e.condition()).isNotNull().isNotEqualTo(StreamErrorCondition.INTERNAL_SERVER_ERROR);
        assertThat(e.getMessage()).isNotBlank();
    }

    /**
     * The element and its materialised descendants, made standalone, each parse as one frame with the
     * same name, namespace and attributes.
     */
    public static void standsAlone(ParsedElement element) {
        String xml = element.toStandaloneXml();
        // The relay path splices bytes instead of rendering text: both must say exactly the same.
        assertThat(new String(element.standaloneUtf8(), StandardCharsets.UTF_8)).isEqualTo(xml);
        ParsedElement again;
        try {
            again = new InboundParser(1 << 20).parse(xml.getBytes(StandardCharsets.UTF_8));
        } catch (XmlStreamException e) {
            throw new AssertionError("standalone form of " + element + " does not parse: " + e.getMessage()
                + "\n" + xml, e);
        }
        assertThat(again.localName()).isEqualTo(element.localName());
        // An element inheriting the BOSH body's namespace becomes a client stanza (XEP-0206).
        boolean becameClient = element.namespaceUri().equals(Namespaces.HTTPBIND)
            && again.namespaceUri().equals(Namespaces.CLIENT);
        if (!becameClient) {
            assertThat(again.namespaceUri()).isEqualTo(element.namespaceUri());
        }
        assertThat(again.attributes()).isEqualTo(element.attributes());
        for (ParsedElement child : element.children()) {
            standsAlone(child);
        }
    }

    /**
     * The parser's verdict on {@code frame} (on this thread's reused reader, after whatever frames it read
     * before) is exactly the verdict of a reader of its own: the same condition, or the same tree.
     */
    public static void sameVerdictAsAlone(InboundParser parser, byte[] frame) {
        String reused = verdict(() -> parser.parse(frame));
        String alone = verdict(() -> parser.parseAlone(ByteBuffer.wrap(frame), 0, frame.length));
        assertThat(reused).as("verdict on a reused reader").isEqualTo(alone);
    }

    private interface Parse {
        ParsedElement run() throws XmlStreamException;
    }

    private static String verdict(Parse parse) {
        try {
            return describe(parse.run());
        } catch (XmlStreamException e) {
            return "refused: " + e.condition();
        }
    }

    /** Everything a caller can read from an element, children included. */
    static String describe(ParsedElement e) {
        StringBuilder out = new StringBuilder().append('{').append(e.prefix()).append(':').append(e.localName())
            .append(' ').append(e.namespaceUri()).append(' ').append(e.attributes()).append(' ')
            .append(e.namespaceDeclarations()).append(" text=").append(e.text()).append(" xml=")
            .append(e.toStandaloneXml()).append(" raw=").append(new String(e.raw(), StandardCharsets.UTF_8));
        for (ParsedElement child : e.children()) {
            out.append(' ').append(describe(child));
        }
        return out.append('}').toString();
    }
}
