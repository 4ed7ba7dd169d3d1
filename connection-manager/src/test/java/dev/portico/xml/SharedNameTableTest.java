package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guards the rule in {@link XmlRules}: no parser may close its reader, or every element name a peer
 * invents is added to Aalto's factory-wide table for good. Reads Aalto internals (version pinned).
 */
class SharedNameTableTest {

    @Test
    void namesFromPeersNeverReachTheSharedTable() throws Exception {
        int before = sharedNameCount();
        InboundParser inbound = new InboundParser(1024);
        StreamParser stream = new StreamParser(new RecordingHandler(), 1024);
        stream.feed(utf8("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"));
        for (int i = 0; i < 500; i++) {
            inbound.parse(("<invented" + i + " attr" + i + "='x'/>").getBytes(StandardCharsets.UTF_8));
            stream.feed(utf8("<other" + i + "/>"));
        }
        stream.feed(utf8("</stream:stream>"));
        assertThat(sharedNameCount()).isEqualTo(before);
    }

    @Test
    void commonXmppNamesArePrimed() throws Exception {
        assertThat(sharedNameCount()).isGreaterThan(100);
    }

    /** Names a brand-new reader starts with, i.e. the size of the factory's shared table. */
    private static int sharedNameCount() throws Exception {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> reader = XmlRules.newReader();
        // Aalto picks its name table once the encoding is settled, i.e. after the XML declaration.
        reader.getInputFeeder().feedInput(utf8("<?xml version='1.0'?>"));
        reader.next();
        Object scanner = field(reader, "_scanner");
        Object symbols = field(scanner, "_symbols");
        return (Integer) field(symbols, "mCount");
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
