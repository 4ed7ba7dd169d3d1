package dev.portico.xml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element cut out of a byte stream by {@link StreamParser} or {@link InboundParser}: its name,
 * attributes, the namespace declarations on its start tag, its direct text, its children (materialised
 * down to three levels below the top element) and the exact original bytes.
 *
 * <p>Immutable once built; it holds no reference to the parser and may be handed to any thread.
 * Its raw bytes are shared with its ancestors, so keeping a child keeps the top element's bytes alive.
 */
public final class ParsedElement {
    /** Attributes are stored flat, four strings each, to avoid one object per attribute. */
    private static final int QNAME = 0;
    private static final int NS = 1;
    private static final int LOCAL = 2;
    private static final int VALUE = 3;
    private static final int ATTR_STRIDE = 4;

    private final String prefix;
    private final String localName;
    private final String namespaceUri;
    private final String[] attrs;
    private final String[] declarations;
    private final String[] inherited;
    private final String text;
    private final List<ParsedElement> children;
    private final byte[] raw;
    private final int rawOffset;
    private final int rawLength;

    // Derived on first use. Benign race like String.hashCode: a value is always computed the same way.
    private Map<String, String> attributeMap;
    private String standalone;

    /**
     * Built only by {@link ElementTreeBuilder}. {@code attrs} holds (qname, ns, local, value) quadruples,
     * {@code declarations} (prefix, uri) pairs declared on this tag, {@code inherited} the (prefix, uri)
     * pairs the subtree uses but gets from outside the element, sorted by prefix; arrays are not copied.
     */
    ParsedElement(String prefix, String localName, String namespaceUri, String[] attrs, String[] declarations,
            String[] inherited, String text, List<ParsedElement> children, byte[] raw, int rawOffset,
            int rawLength) {
        this.prefix = prefix;
        this.localName = localName;
        this.namespaceUri = namespaceUri;
        this.attrs = attrs;
        this.declarations = declarations;
        this.inherited = inherited;
        this.text = text;
        this.children = children;
        this.raw = raw;
        this.rawOffset = rawOffset;
        this.rawLength = rawLength;
    }

    public String localName() {
        return localName;
    }

    /** The element's namespace, {@code ""} if none. Children of a BOSH body report the httpbind namespace. */
    public String namespaceUri() {
        return namespaceUri;
    }

    /** The prefix as written, {@code ""} if none. */
    public String prefix() {
        return prefix;
    }

    /** True if this element has the given local name and namespace. */
    public boolean is(String localName, String namespaceUri) {
        return this.localName.equals(localName) && this.namespaceUri.equals(namespaceUri);
    }

    /** Value of the unprefixed (no-namespace) attribute {@code localName}, or null. */
    public String attribute(String localName) {
        return attribute("", localName);
    }

    /** Value of the attribute with this namespace and local name (e.g. {@link Namespaces#XML}, "lang"), or null. */
    public String attribute(String nsUri, String localName) {
        for (int i = 0; i < attrs.length; i += ATTR_STRIDE) {
            if (attrs[i + LOCAL].equals(localName) && attrs[i + NS].equals(nsUri)) {
                return attrs[i + VALUE];
            }
        }
        return null;
    }

    /** All attributes in document order, keyed by qualified name as written ("to", "xml:lang"). */
    public Map<String, String> attributes() {
        Map<String, String> map = attributeMap;
        if (map == null) {
            map = new LinkedHashMap<>();
            for (int i = 0; i < attrs.length; i += ATTR_STRIDE) {
                map.put(attrs[i + QNAME], attrs[i + VALUE]);
            }
            map = Collections.unmodifiableMap(map);
            attributeMap = map;
        }
        return map;
    }

    /** Namespace declarations on this start tag, prefix → URI, with {@code ""} for the default namespace. */
    public Map<String, String> namespaceDeclarations() {
        return pairsToMap(declarations);
    }

    /** Child elements in order; empty for elements more than two levels below the top element. */
    public List<ParsedElement> children() {
        return children;
    }

    /** The first child with this local name and namespace, or null. */
    public ParsedElement child(String localName, String nsUri) {
        for (ParsedElement c : children) {
            if (c.is(localName, nsUri)) {
                return c;
            }
        }
        return null;
    }

    /** Character data directly inside this element (not its descendants), at most 4096 chars. */
    public String text() {
        return text;
    }

    /** A copy of the exact original bytes: start to end tag, or only the start tag for a stream header. */
    public byte[] raw() {
        byte[] copy = new byte[rawLength];
        System.arraycopy(raw, rawOffset, copy, 0, rawLength);
        return copy;
    }

    /** The original bytes as a read-only view, without copying. */
    public ByteBuffer rawBuffer() {
        if (rawOffset == 0 && rawLength == raw.length) {
            return ByteBuffer.wrap(raw).asReadOnlyBuffer(); // a top element: no slice needed (relayed per stanza)
        }
        return ByteBuffer.wrap(raw, rawOffset, rawLength).slice().asReadOnlyBuffer();
    }

    /**
     * {@link #toStandaloneXml()} as UTF-8 bytes. When nothing needs inserting (the usual case for a
     * browser's stanza, which declares its own namespace) this is a view of the original bytes: the relay
     * path then neither decodes nor re-encodes.
     */
    public ByteBuffer standaloneBytes() {
        if (inherited.length == 0) {
            return rawBuffer();
        }
        return ByteBuffer.wrap(standaloneUtf8());
    }

    /**
     * {@link #toStandaloneXml()} as a new UTF-8 array, built from the original bytes without decoding them:
     * the declarations are spliced in right after the element name. This is the server-to-browser relay
     * path, one array per element.
     */
    public byte[] standaloneUtf8() {
        if (inherited.length == 0) {
            return raw();
        }
        byte[] decls = declarationBytes();
        int at = nameEnd() - rawOffset;
        byte[] out = new byte[rawLength + decls.length];
        System.arraycopy(raw, rawOffset, out, 0, at);
        System.arraycopy(decls, 0, out, at, decls.length);
        System.arraycopy(raw, rawOffset + at, out, at + decls.length, rawLength - at);
        return out;
    }

    public int rawLength() {
        return rawLength;
    }

    /**
     * The raw element as text, with declarations inserted right after the element name for every
     * namespace binding its subtree uses but inherits from outside (the stream header, a BOSH body).
     * An inherited default namespace of {@link Namespaces#HTTPBIND} becomes {@code jabber:client}:
     * XEP-0206 stanzas inside a body are client stanzas.
     */
    public String toStandaloneXml() {
        String s = standalone;
        if (s == null) {
            s = new String(raw, rawOffset, rawLength, StandardCharsets.UTF_8);
            if (inherited.length > 0) {
                s = insertDeclarations(s);
            }
            standalone = s;
        }
        return s;
    }

    private String insertDeclarations(String xml) {
        // The name follows '<' directly (XML allows no space there), so this lands right after the name.
        int at = 1 + (prefix.isEmpty() ? 0 : prefix.length() + 1) + localName.length();
        return new StringBuilder(xml.length() + 32).append(xml, 0, at).append(declarations())
                .append(xml, at, xml.length()).toString();
    }

    /** What a stanza of the server's stream inherits in nearly every case: spliced without any rendering. */
    private static final byte[] CLIENT_DEFAULT = " xmlns='jabber:client'".getBytes(StandardCharsets.UTF_8);

    private byte[] declarationBytes() {
        if (inherited.length == 2 && inherited[0].isEmpty()
                && (inherited[1].equals(Namespaces.CLIENT) || inherited[1].equals(Namespaces.HTTPBIND))) {
            return CLIENT_DEFAULT;
        }
        return declarations().getBytes(StandardCharsets.UTF_8);
    }

    /** The inherited bindings as attributes, each with its leading space. */
    private String declarations() {
        StringBuilder decls = new StringBuilder(64);
        for (int i = 0; i < inherited.length; i += 2) {
            String p = inherited[i];
            String uri = inherited[i + 1];
            if (p.isEmpty() && uri.equals(Namespaces.HTTPBIND)) {
                uri = Namespaces.CLIENT;
            }
            decls.append(p.isEmpty() ? " xmlns" : " xmlns:").append(p)
                    .append("='").append(XmlEscaper.escapeAttribute(uri)).append('\'');
        }
        return decls.toString();
    }

    /**
     * Index in {@link #raw} just past the element name: the name follows '<' directly, and ends at the first
     * whitespace, '/' or '>' (none of which a name may contain), whatever its characters' UTF-8 length.
     */
    private int nameEnd() {
        int i = rawOffset + 1;
        int end = rawOffset + rawLength;
        while (i < end) {
            byte b = raw[i];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '/' || b == '>') {
                break;
            }
            i++;
        }
        return i;
    }

    private static Map<String, String> pairsToMap(String[] pairs) {
        if (pairs.length == 0) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "ParsedElement{" + (prefix.isEmpty() ? "" : prefix + ":") + localName
                + (namespaceUri.isEmpty() ? "" : " {" + namespaceUri + "}") + ", " + rawLength + " bytes}";
    }
}
