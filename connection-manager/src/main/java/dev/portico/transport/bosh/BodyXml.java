package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.portico.xml.Namespaces;
import dev.portico.xml.XmlEscaper;

/**
 * Renders a response {@code <body/>} wrapper as UTF-8 bytes. Payloads are already standalone UTF-8 XML
 * (each carries the namespace declarations it needs, {@code xmlns='jabber:client'} for stanzas), so their
 * bytes are copied as they are, never decoded. The start tag is written straight into bytes (no String in
 * between): one is rendered for every response.
 * Not thread-safe; one instance per response.
 */
final class BodyXml {
    private static final byte[] START = ("<body xmlns='" + Namespaces.HTTPBIND + "'").getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "</body>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_END = "/>".getBytes(StandardCharsets.US_ASCII);

    private byte[] head = Arrays.copyOf(START, 96);
    private int length = START.length;

    /** Adds an attribute; a null value is left out. */
    BodyXml attr(String name, Object value) {
        if (value != null) {
            String escaped = XmlEscaper.escapeAttribute(value.toString());
            openAttr(name);
            for (int i = 0; i < escaped.length(); i++) {
                if (escaped.charAt(i) >= 0x80) {
                    append(escaped.getBytes(StandardCharsets.UTF_8));
                    return closeAttr();
                }
            }
            ascii(escaped);
            closeAttr();
        }
        return this;
    }

    /** Adds a numeric attribute. */
    BodyXml attr(String name, long value) {
        if (value < 0) {
            return attr(name, (Object) Long.toString(value));
        }
        openAttr(name);
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            head[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return closeAttr();
    }

    /** Marks the body as the end of the session, with a condition unless it is a clean end. */
    BodyXml terminate(BoshCondition condition) {
        attr("type", "terminate");
        return attr("condition", condition == null ? null : condition.wireName());
    }

    byte[] render(List<byte[]> payloads) {
        if (payloads.isEmpty()) {
            byte[] out = Arrays.copyOf(head, length + EMPTY_END.length);
            System.arraycopy(EMPTY_END, 0, out, length, EMPTY_END.length);
            return out;
        }
        int size = length + 1 + END.length;
        for (byte[] payload : payloads) {
            size += payload.length;
        }
        byte[] out = Arrays.copyOf(head, size);
        int at = length;
        out[at++] = '>';
        for (byte[] payload : payloads) {
            System.arraycopy(payload, 0, out, at, payload.length);
            at += payload.length;
        }
        System.arraycopy(END, 0, out, at, END.length);
        return out;
    }

    byte[] render() {
        return render(List.of());
    }

    /** A terminal body outside any session (unknown sid, unparseable body). */
    static byte[] terminal(BoshCondition condition) {
        return new BodyXml().terminate(condition).render();
    }

    private void openAttr(String name) {
        put((byte) ' ');
        ascii(name);
        put((byte) '=');
        put((byte) '\'');
    }

    private BodyXml closeAttr() {
        put((byte) '\'');
        return this;
    }

    /** Attribute names are ours and ASCII; values are appended here once known to be ASCII. */
    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            head[length++] = (byte) s.charAt(i);
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, head, length, bytes.length);
        length += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        head[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, length + more));
        }
    }
}
