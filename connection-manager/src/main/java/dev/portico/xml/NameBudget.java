package dev.portico.xml;

import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.util.Arrays;

/**
 * Counts the distinct qualified names (element names, attribute names, namespace declarations) one
 * Aalto reader has seen, and refuses more than a fixed number.
 *
 * <p>Why: every new name goes into the reader's own symbol table, and every new prefix into its list of
 * namespace bindings. Aalto searches both linearly once they grow (a bucket list capped at 255 entries
 * and an unsorted binding array), so a document of many distinct names costs time quadratic in its size
 * (measured here: 12 s of CPU for a 200 KB BOSH body of 30,000 distinct empty elements). With at most
 * {@code max} names per reader every lookup is bounded by a constant, and parsing is linear again.
 *
 * <p>Aalto interns names, so the same name is always the same {@code String} instance: the set hashes by
 * identity, which a peer cannot steer into collisions. Single-threaded, owned by one parser.
 */
final class NameBudget {
    private static final String XMLNS = "xmlns";
    private static final int INITIAL_SLOTS = 32;

    private final int max;
    private String[] prefixes = new String[INITIAL_SLOTS];
    private String[] locals = new String[INITIAL_SLOTS];
    private int size;

    NameBudget(int max) {
        this.max = max;
    }

    /** The reader is on a START_ELEMENT: counts its name, its attributes' names and its declared prefixes. */
    void count(AsyncXMLStreamReader<?> r) throws XmlStreamException {
        add(r.getPrefix(), r.getLocalName());
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            add(r.getAttributePrefix(i), r.getAttributeLocalName(i));
        }
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String declared = r.getNamespacePrefix(i);
            add(XMLNS, declared == null ? "" : declared);
        }
    }

    /** Distinct names counted since the last {@link #clear}. */
    int size() {
        return size;
    }

    /** Forget all names (a new reader starts with an empty table of its own). */
    void clear() {
        if (size == 0) {
            return;
        }
        if (locals.length > INITIAL_SLOTS) {
            // Do not keep a large table alive on an idle session.
            prefixes = new String[INITIAL_SLOTS];
            locals = new String[INITIAL_SLOTS];
        } else {
            Arrays.fill(prefixes, null);
            Arrays.fill(locals, null);
        }
        size = 0;
    }

    private void add(String prefix, String local) throws XmlStreamException {
        // "" is a literal, hence the same instance everywhere; Aalto reports "no prefix" as null or "".
        String p = prefix == null || prefix.isEmpty() ? "" : prefix;
        if (contains(p, local)) {
            return;
        }
        if (size == max) {
            throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION,
                "more than " + max + " distinct element and attribute names");
        }
        if (2 * (size + 1) > locals.length) {
            grow();
        }
        insert(p, local);
        size++;
    }

    private boolean contains(String p, String local) {
        int mask = locals.length - 1;
        for (int i = slot(p, local, mask); locals[i] != null; i = (i + 1) & mask) {
            if (locals[i] == local && prefixes[i] == p) {
                return true;
            }
        }
        return false;
    }

    private void insert(String p, String local) {
        int mask = locals.length - 1;
        int i = slot(p, local, mask);
        while (locals[i] != null) {
            i = (i + 1) & mask;
        }
        prefixes[i] = p;
        locals[i] = local;
    }

    private void grow() {
        String[] oldPrefixes = prefixes;
        String[] oldLocals = locals;
        prefixes = new String[oldLocals.length * 2];
        locals = new String[oldLocals.length * 2];
        for (int i = 0; i < oldLocals.length; i++) {
            if (oldLocals[i] != null) {
                insert(oldPrefixes[i], oldLocals[i]);
            }
        }
    }

    private static int slot(String p, String local, int mask) {
        int h = System.identityHashCode(local) * 31 + System.identityHashCode(p);
        return (h ^ (h >>> 16)) & mask;
    }
}
