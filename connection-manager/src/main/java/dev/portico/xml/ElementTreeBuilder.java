package dev.portico.xml;

import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Collects the events of one top element (and its subtree) from an Aalto reader and, once the top
 * element has ended and its bytes are known, builds the immutable {@link ParsedElement} tree.
 *
 * <p>Every materialised element (the top one and the first {@link #MATERIALISED_LEVELS} levels below
 * it) records which namespace bindings its subtree uses but does not declare, so it can later stand
 * alone. That bookkeeping costs a bounded number of steps per name in the input, whatever the nesting
 * and the number of prefixes: for each prefix in use the builder knows the depth of its innermost
 * declaration (a scope entry, restored when the declaring element ends) and, per materialised level,
 * whether the element there has already listed it. A use therefore touches at most one entry per
 * materialised level instead of every binding seen so far; {@link #work()} counts those steps so tests
 * can prove the cost is linear in the input. At most {@link XmlRules#MAX_PREFIXES} distinct prefixes
 * may be declared inside one top element.
 *
 * <p>Offsets are whatever coordinate system the caller uses consistently (bytes fed to the current
 * reader). Single-threaded, reused by its parser.
 */
final class ElementTreeBuilder {
    static final int MATERIALISED_LEVELS = 3;
    static final int MAX_TEXT_CHARS = 4096;
    private static final String[] NONE = new String[0];
    private static final int OUTSIDE = -1;
    /** Inherited lists up to this many pairs are sorted in place; longer ones with a real sort. */
    private static final int SMALL_SORT = 8;

    /** Mutable twin of a ParsedElement while its end tag has not been seen yet. */
    private static final class Node {
        /** Unique per materialised node (never 0), 0 for the others. */
        final long serial;
        String prefix;
        String localName;
        String namespaceUri;
        String[] attrs = NONE;
        String[] declarations = NONE;
        /** Scope depth each declaration replaced, put back when this element ends. */
        int[] shadowed;
        /** (prefix, uri) pairs the subtree uses and gets from outside this element, each prefix once. */
        String[] inherited = NONE;
        int inheritedCount;
        /** Text is usually one segment: kept as a String, a builder only from the second one on. */
        String text;
        StringBuilder moreText;
        List<Node> children;
        long start;
        long end;

        Node(long serial) {
            this.serial = serial;
        }

        boolean materialised() {
            return serial != 0;
        }

        void inherit(String prefix, String uri) {
            if (inheritedCount == inherited.length) {
                // Most elements inherit exactly one binding: start with room for one pair.
                inherited = Arrays.copyOf(inherited, Math.max(2, inheritedCount * 2));
            }
            inherited[inheritedCount++] = prefix;
            inherited[inheritedCount++] = uri;
        }
    }

    /** One prefix (or the default namespace) as seen inside the current top element. */
    private static final class Scope {
        /** Stack index of the innermost open element declaring it, or OUTSIDE the top element. */
        int depth = OUTSIDE;
        /** Declared somewhere in the current top element: counts towards the prefix cap. */
        boolean declared;
        /** Per materialised level, the serial of the node there that has listed this prefix. */
        final long[] listedBy = new long[MATERIALISED_LEVELS + 1];
    }

    private final ArrayList<Node> stack = new ArrayList<>();
    /** The default namespace is in nearly every stanza: kept out of the map. */
    private final Scope defaultScope = new Scope();
    private final HashMap<String, Scope> prefixScopes = new HashMap<>();
    private int declaredPrefixes;
    private long serials;
    private long work;
    private Node lastTop;

    boolean isOpen() {
        return !stack.isEmpty();
    }

    /** Whether the next started element will be materialised, i.e. whether its start offset is needed. */
    boolean nextStartMaterialised() {
        return stack.size() <= MATERIALISED_LEVELS;
    }

    /** Offset of the top element's {@code <}: the open one, or the one {@link #end} just closed (until built). */
    long topStart() {
        return stack.isEmpty() ? lastTop.start : stack.get(0).start;
    }

    /** Namespace bookkeeping steps since construction; tests use it to show the cost is linear. */
    long work() {
        return work;
    }

    void clear() {
        stack.clear();
        lastTop = null;
    }

    /**
     * The reader is positioned on a START_ELEMENT; {@code start} is the offset of its {@code <} or -1.
     * Throws {@code policy-violation} when the top element declares too many distinct prefixes.
     */
    void start(AsyncXMLStreamReader<?> r, long start) throws XmlStreamException {
        int index = stack.size();
        if (index == 0) {
            beginTop();
        }
        Node n = new Node(index <= MATERIALISED_LEVELS ? ++serials : 0);
        n.prefix = nonNull(r.getPrefix());
        n.namespaceUri = nonNull(r.getNamespaceURI());
        int declCount = r.getNamespaceCount();
        if (declCount > 0) {
            n.declarations = new String[declCount * 2];
            n.shadowed = new int[declCount];
            for (int i = 0; i < declCount; i++) {
                String p = nonNull(r.getNamespacePrefix(i));
                n.declarations[2 * i] = p;
                n.declarations[2 * i + 1] = nonNull(r.getNamespaceURI(i));
                declare(p, index, n, i);
            }
        }
        stack.add(n);
        // An unprefixed element in no namespace needs no binding (and none can be inherited for it).
        if (!n.prefix.isEmpty() || !n.namespaceUri.isEmpty()) {
            use(n.prefix, n.namespaceUri, index);
        }
        int attrCount = r.getAttributeCount();
        if (n.materialised()) {
            n.localName = r.getLocalName();
            n.start = start;
            n.attrs = attrCount == 0 ? NONE : new String[attrCount * 4];
        }
        for (int i = 0; i < attrCount; i++) {
            String p = nonNull(r.getAttributePrefix(i));
            String ns = nonNull(r.getAttributeNamespace(i));
            // Unprefixed attributes are in no namespace; "xml" is bound in every document.
            if (!p.isEmpty() && !p.equals("xml")) {
                use(p, ns, index);
            }
            if (n.materialised()) {
                String local = r.getAttributeLocalName(i);
                n.attrs[4 * i] = p.isEmpty() ? local : p + ':' + local;
                n.attrs[4 * i + 1] = ns;
                n.attrs[4 * i + 2] = local;
                n.attrs[4 * i + 3] = r.getAttributeValue(i);
            }
        }
        if (n.materialised() && index > 0) {
            Node parent = stack.get(index - 1);
            if (parent.children == null) {
                parent.children = new ArrayList<>(4);
            }
            parent.children.add(n);
        }
    }

    /** A new top element: nothing of the previous one's scope applies. */
    private void beginTop() {
        defaultScope.depth = OUTSIDE;
        defaultScope.declared = false;
        if (!prefixScopes.isEmpty()) {
            prefixScopes.clear();
        }
        declaredPrefixes = 0;
    }

    private void declare(String prefix, int index, Node n, int i) throws XmlStreamException {
        work++;
        Scope s = scope(prefix);
        n.shadowed[i] = s.depth;
        s.depth = index;
        if (!s.declared) {
            s.declared = true;
            if (++declaredPrefixes > XmlRules.MAX_PREFIXES) {
                throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "more than " + XmlRules.MAX_PREFIXES + " namespace prefixes declared in one element");
            }
        }
    }

    /**
     * The element at stack index {@code index} uses the binding (prefix, uri). Every materialised
     * element between the declaring one (exclusive) and this one (inclusive) inherits it.
     */
    private void use(String prefix, String uri, int index) {
        Scope s = scope(prefix);
        int last = Math.min(index, MATERIALISED_LEVELS);
        for (int level = s.depth + 1; level <= last; level++) {
            work++;
            Node holder = stack.get(level);
            if (s.listedBy[level] != holder.serial) {
                s.listedBy[level] = holder.serial;
                holder.inherit(prefix, uri);
            }
        }
    }

    private Scope scope(String prefix) {
        return prefix.isEmpty() ? defaultScope : prefixScopes.computeIfAbsent(prefix, p -> new Scope());
    }

    /** The reader is positioned on CHARACTERS, CDATA or SPACE inside the open element. */
    void text(AsyncXMLStreamReader<?> r) {
        Node n = stack.get(stack.size() - 1);
        if (!n.materialised()) {
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
        for (int i = 0; i < (n.shadowed == null ? 0 : n.shadowed.length); i++) {
            work++;
            scope(n.declarations[2 * i]).depth = n.shadowed[i];
        }
        if (!stack.isEmpty()) {
            return false;
        }
        lastTop = n;
        return true;
    }

    /** Builds the tree of the top element {@link #end} just closed, copying its bytes out of the window. */
    ParsedElement build(ByteWindow window) {
        Node top = lastTop;
        // An idle stream must not keep the last element's nodes alive until the next one arrives.
        lastTop = null;
        byte[] raw = window.copy(top.start, top.end);
        return build(top, raw, top.start);
    }

    private ParsedElement build(Node n, byte[] raw, long base) {
        List<ParsedElement> children;
        if (n.children == null) {
            children = List.of();
        } else if (n.children.size() == 1) {
            // A stanza's elements mostly have one child: a list of one needs no array.
            children = List.of(build(n.children.get(0), raw, base));
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
    private String[] sortedInherited(Node n) {
        int count = n.inheritedCount;
        if (count == 0) {
            return NONE;
        }
        // The node is discarded after building, so its array can be handed over when it is full.
        String[] pairs = count == n.inherited.length ? n.inherited : Arrays.copyOf(n.inherited, count);
        if (count > 2 * SMALL_SORT) {
            return sortedLarge(pairs);
        }
        for (int i = 2; i < pairs.length; i += 2) {
            for (int j = i; j > 0 && pairs[j - 2].compareTo(pairs[j]) > 0; j -= 2) {
                work++;
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

    /** Many prefixes (a hostile stanza): an n log n sort instead of the insertion sort. */
    private String[] sortedLarge(String[] pairs) {
        Integer[] order = new Integer[pairs.length / 2];
        for (int i = 0; i < order.length; i++) {
            order[i] = 2 * i;
        }
        Arrays.sort(order, (a, b) -> {
            work++;
            return pairs[a].compareTo(pairs[b]);
        });
        String[] sorted = new String[pairs.length];
        for (int i = 0; i < order.length; i++) {
            sorted[2 * i] = pairs[order[i]];
            sorted[2 * i + 1] = pairs[order[i] + 1];
        }
        return sorted;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
