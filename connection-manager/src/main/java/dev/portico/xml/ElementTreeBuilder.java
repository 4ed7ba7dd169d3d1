package dev.portico.xml;

import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the events of one top element (and its subtree) from an Aalto reader and, once the top
 * element has ended and its bytes are known, builds the immutable {@link ParsedElement} tree.
 *
 * <p>Every element, however deep, records which namespace bindings it uses and does not declare, so a
 * top element knows exactly which declarations it inherits; only the first {@link #MATERIALISED_LEVELS}
 * levels below the top become {@code ParsedElement}s. Offsets are whatever coordinate system the
 * caller uses consistently (bytes fed to the current reader). Single-threaded, reused by its parser.
 */
final class ElementTreeBuilder {
    static final int MATERIALISED_LEVELS = 3;
    static final int MAX_TEXT_CHARS = 4096;
    private static final String[] NONE = new String[0];

    /** Mutable twin of a ParsedElement while its end tag has not been seen yet. */
    private static final class Node {
        final boolean materialised;
        String prefix;
        String localName;
        String namespaceUri;
        String[] attrs = NONE;
        String[] declarations = NONE;
        /** (prefix, uri) pairs used by this subtree; reduced to the inherited ones when the element ends. */
        String[] uses = NONE;
        int useCount;
        /** Text is usually one segment: kept as a String, a builder only from the second one on. */
        String text;
        StringBuilder moreText;
        List<Node> children;
        long start;
        long end;

        Node(boolean materialised) {
            this.materialised = materialised;
        }

        void use(String prefix, String uri) {
            for (int i = 0; i < useCount; i += 2) {
                if (uses[i].equals(prefix)) {
                    return;
                }
            }
            if (useCount == uses.length) {
                // Most elements use exactly one binding: start with room for one pair.
                uses = Arrays.copyOf(uses, Math.max(2, useCount * 2));
            }
            uses[useCount++] = prefix;
            uses[useCount++] = uri;
        }

        boolean declares(String prefix) {
            for (int i = 0; i < declarations.length; i += 2) {
                if (declarations[i].equals(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final ArrayList<Node> stack = new ArrayList<>();
    private Node lastTop;

    boolean isOpen() {
        return !stack.isEmpty();
    }

    /** Whether the next started element will be materialised, i.e. whether its start offset is needed. */
    boolean nextStartMaterialised() {
        return stack.size() <= MATERIALISED_LEVELS;
    }

    /** Offset of the top element's {@code <}: the open one, or the one {@link #end} just closed. */
    long topStart() {
        return stack.isEmpty() ? lastTop.start : stack.get(0).start;
    }

    void clear() {
        stack.clear();
        lastTop = null;
    }

    /** The reader is positioned on a START_ELEMENT; {@code start} is the offset of its {@code <} or -1. */
    void start(AsyncXMLStreamReader<?> r, long start) {
        Node n = new Node(nextStartMaterialised());
        n.prefix = nonNull(r.getPrefix());
        n.namespaceUri = nonNull(r.getNamespaceURI());
        int declCount = r.getNamespaceCount();
        if (declCount > 0) {
            n.declarations = new String[declCount * 2];
            for (int i = 0; i < declCount; i++) {
                n.declarations[2 * i] = nonNull(r.getNamespacePrefix(i));
                n.declarations[2 * i + 1] = nonNull(r.getNamespaceURI(i));
            }
        }
        // An unprefixed element in no namespace needs no binding (and none can be inherited for it).
        if (!n.prefix.isEmpty() || !n.namespaceUri.isEmpty()) {
            n.use(n.prefix, n.namespaceUri);
        }
        int attrCount = r.getAttributeCount();
        if (n.materialised) {
            n.localName = r.getLocalName();
            n.start = start;
            n.attrs = attrCount == 0 ? NONE : new String[attrCount * 4];
        }
        for (int i = 0; i < attrCount; i++) {
            String p = nonNull(r.getAttributePrefix(i));
            String ns = nonNull(r.getAttributeNamespace(i));
            // Unprefixed attributes are in no namespace; "xml" is bound in every document.
            if (!p.isEmpty() && !p.equals("xml")) {
                n.use(p, ns);
            }
            if (n.materialised) {
                String local = r.getAttributeLocalName(i);
                n.attrs[4 * i] = p.isEmpty() ? local : p + ':' + local;
                n.attrs[4 * i + 1] = ns;
                n.attrs[4 * i + 2] = local;
                n.attrs[4 * i + 3] = r.getAttributeValue(i);
            }
        }
        if (n.materialised && !stack.isEmpty()) {
            Node parent = stack.get(stack.size() - 1);
            if (parent.children == null) {
                parent.children = new ArrayList<>(4);
            }
            parent.children.add(n);
        }
        stack.add(n);
    }

    /** The reader is positioned on CHARACTERS, CDATA or SPACE inside the open element. */
    void text(AsyncXMLStreamReader<?> r) {
        Node n = stack.get(stack.size() - 1);
        if (!n.materialised) {
            return;
        }
        if (n.text == null) {
            n.text = new String(r.getTextCharacters(), r.getTextStart(), Math.min(MAX_TEXT_CHARS, r.getTextLength()));
            return;
        }
        if (n.moreText == null) {
            n.moreText = new StringBuilder(n.text);
        }
        int room = MAX_TEXT_CHARS - n.moreText.length();
        if (room > 0) {
            n.moreText.append(r.getTextCharacters(), r.getTextStart(), Math.min(room, r.getTextLength()));
        }
    }

    /** Ends the innermost element at {@code end}; returns true when that was the top element. */
    boolean end(long end) {
        Node n = stack.remove(stack.size() - 1);
        n.end = end;
        // What the subtree uses minus what this tag declares is what it inherits from its parent's scope.
        int kept = 0;
        for (int i = 0; i < n.useCount; i += 2) {
            if (!n.declares(n.uses[i])) {
                n.uses[kept++] = n.uses[i];
                n.uses[kept++] = n.uses[i + 1];
            }
        }
        n.useCount = kept;
        if (!stack.isEmpty()) {
            Node parent = stack.get(stack.size() - 1);
            for (int i = 0; i < kept; i += 2) {
                parent.use(n.uses[i], n.uses[i + 1]);
            }
            return false;
        }
        lastTop = n;
        return true;
    }

    /** Builds the tree of the top element {@link #end} just closed, copying its bytes out of the window. */
    ParsedElement build(ByteWindow window) {
        byte[] raw = window.copy(lastTop.start, lastTop.end);
        return build(lastTop, raw, lastTop.start);
    }

    private static ParsedElement build(Node n, byte[] raw, long base) {
        List<ParsedElement> children;
        if (n.children == null) {
            children = List.of();
        } else {
            ParsedElement[] built = new ParsedElement[n.children.size()];
            for (int i = 0; i < built.length; i++) {
                built[i] = build(n.children.get(i), raw, base);
            }
            children = List.of(built);
        }
        return new ParsedElement(n.prefix, n.localName, n.namespaceUri, n.attrs, n.declarations,
                sortedInherited(n), textOf(n), children, raw,
                (int) (n.start - base), (int) (n.end - n.start));
    }

    private static String textOf(Node n) {
        return n.moreText != null ? n.moreText.toString() : n.text == null ? "" : n.text;
    }

    /** Inherited bindings ordered by prefix (default first) so inserted declarations are deterministic. */
    private static String[] sortedInherited(Node n) {
        if (n.useCount == 0) {
            return NONE;
        }
        // The node is discarded after building, so its array can be handed over when it is full.
        String[] pairs = n.useCount == n.uses.length ? n.uses : Arrays.copyOf(n.uses, n.useCount);
        for (int i = 2; i < pairs.length; i += 2) {
            for (int j = i; j > 0 && pairs[j - 2].compareTo(pairs[j]) > 0; j -= 2) {
                String p = pairs[j - 2];
                String u = pairs[j - 1];
                pairs[j - 2] = pairs[j];
                pairs[j - 1] = pairs[j + 1];
                pairs[j] = p;
                pairs[j + 1] = u;
            }
        }
        return pairs;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
