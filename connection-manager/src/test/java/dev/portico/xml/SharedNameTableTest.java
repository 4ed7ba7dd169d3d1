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

    /**
     * Prosody 0.12's answers during a login (captured), after the SASL restart: a reader that has read them
     * still has the shared table. One name missing from the primed vocabulary ({@code <sub/>} was) made every
     * session's reader copy the table, 2 KiB held by each idle session.
     */
    @Test
    void aLoginToProsodyTeachesTheReaderNoNameOfItsOwn() throws Exception {
        RecordingHandler handler = new RecordingHandler(e -> e.localName().equals("success"));
        StreamParser stream = new StreamParser(handler, 65536);
        handler.parser = stream;
        stream.feed(utf8("<?xml version='1.0'?><stream:stream from='localhost' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en' id='84d12bcd'>"
            + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism>"
            + "<mechanism>PLAIN</mechanism></mechanisms><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
            + "</stream:features><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"));
        stream.feed(utf8("<?xml version='1.0'?><stream:stream from='localhost' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en' id='af5c9aea'>"
            + "<stream:features><c ver='RCsTrxK3Do+ACD6FaemxkXdEIlM=' xmlns='http://jabber.org/protocol/caps'"
            + " node='http://prosody.im' hash='sha-1'/><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/>"
            + "</bind><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>"
            + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><sub xmlns='urn:xmpp:features:pre-approval'/>"
            + "<ver xmlns='urn:xmpp:features:rosterver'/></stream:features>"
            + "<iq id='bind1' type='result'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>u0@localhost/r</jid>"
            + "</bind></iq>"));
        assertThat(handler.elements).hasSize(4);
        // The stream, idle after a complete element, has parked its reader in this thread's spare slot.
        assertThat(stream.holdsReader()).isFalse();
        assertThat(nameCount(StreamParser.parkedReader())).isEqualTo(sharedNameCount());
    }

    /** Names a brand-new reader starts with, i.e. the size of the factory's shared table. */
    private static int sharedNameCount() throws Exception {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> reader = XmlRules.newReader();
        // Aalto picks its name table once the encoding is settled, i.e. after the XML declaration.
        reader.getInputFeeder().feedInput(utf8("<?xml version='1.0'?>"));
        reader.next();
        return nameCount(reader);
    }

    /** Names a reader knows: the shared ones, plus its own copy's additions once it has learnt one. */
    private static int nameCount(Object reader) throws Exception {
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
