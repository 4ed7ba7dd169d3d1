package dev.portico.xml;

import java.nio.ByteBuffer;

/**
 * The bytes a parser can still look at: those kept from earlier feeds (the unfinished element or tag)
 * followed by the current feed, addressed by offset counted from the start of the current reader.
 *
 * <p>Only the tail the caller asks for is copied at the end of a feed; the current feed is read in
 * place. The kept array grows on demand (the caller bounds it) and shrinks again once a large element
 * is gone, so an idle connection holds a few hundred bytes at most. Single-threaded.
 */
final class ByteWindow {
    private static final int SHRINK_ABOVE = 16 * 1024;
    private static final int SMALL = 1024;

    private final int maxKept;
    private static final byte[] NONE = new byte[0];

    private byte[] kept = NONE;
    private int keptLength;
    private long keptStart;

    private ByteBuffer chunk;
    private int chunkIndex;
    private int chunkLength;
    private long chunkBase;
    /** Bytes copied into the kept array and bytes searched for a '<'; tests check both stay linear. */
    private long copied;
    private long scanned;

    /** {@code maxKept} caps the kept array; callers never retain more than that. */
    ByteWindow(int maxKept) {
        this.maxKept = maxKept;
    }

    /** Bytes copied and searched so far, over the whole life of this window. */
    long bytesTouched() {
        return copied + scanned;
    }

    /** Forget everything: a new reader starts counting at offset 0. */
    void reset() {
        keptLength = 0;
        keptStart = 0;
        chunkBase = 0;
        chunkLength = 0;
        chunk = null;
        if (kept.length > SHRINK_ABOVE) {
            kept = NONE;
        }
    }

    /** Forgets everything and lets go of the kept array: an idle stream holds no bytes. */
    void release() {
        reset();
        kept = NONE;
    }

    /** Forgets everything; the next feed goes to a reader that has already read {@code offset} bytes. */
    void resetTo(long offset) {
        reset();
        keptStart = offset;
        chunkBase = offset;
    }

    /** The next feed: {@code length} bytes of {@code buf} from absolute index {@code index}, read in place. */
    void beginChunk(ByteBuffer buf, int index, int length) {
        chunk = buf;
        chunkIndex = index;
        chunkLength = length;
    }

    /** Aalto reports offsets as (bytes of earlier feeds) + (index into the current buffer). */
    long fromAalto(long aaltoOffset) {
        return aaltoOffset - chunkIndex;
    }

    /** Offset just past the current feed. */
    long end() {
        return chunkBase + chunkLength;
    }

    /** Offset of the first byte of the current feed. */
    long chunkStart() {
        return chunkBase;
    }

    /** Offset of the first byte still available. */
    long start() {
        return keptLength > 0 ? keptStart : chunkBase;
    }

    /** Absolute index in the current buffer of a byte at or after the start of the current feed. */
    int indexOf(long offset) {
        return (int) (offset - chunkBase) + chunkIndex;
    }

    byte byteAt(long offset) {
        return offset < chunkBase ? kept[(int) (offset - keptStart)] : chunk.get(indexOf(offset));
    }

    /** Offset of the last {@code <} in [max(floor, start()), before), or -1. */
    long lastLt(long before, long floor) {
        long lowest = Math.max(floor, start());
        for (long o = before - 1; o >= lowest; o--) {
            scanned++;
            if (byteAt(o) == '<') {
                return o;
            }
        }
        return -1;
    }

    /** A new array holding the bytes [from, to). */
    byte[] copy(long from, long to) {
        byte[] out = new byte[(int) (to - from)];
        int n = 0;
        if (from < chunkBase) {
            n = (int) (Math.min(to, chunkBase) - from);
            System.arraycopy(kept, (int) (from - keptStart), out, 0, n);
        }
        if (to > chunkBase) {
            long fromHere = Math.max(from, chunkBase);
            chunk.get(indexOf(fromHere), out, n, (int) (to - fromHere));
        }
        return out;
    }

    /** True if the available bytes at {@code offset} begin with {@code pattern}. */
    boolean startsWith(byte[] pattern, long offset) {
        if (offset < start() || offset + pattern.length > end()) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (byteAt(offset + i) != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the current feed keeping only [from, end()); the caller has checked that this is within its
     * size limit. After this the current buffer is no longer referenced.
     */
    void retainFrom(long from) {
        long end = end();
        int length = (int) (end - from);
        if (length == 0) {
            keptLength = 0;
        } else {
            byte[] target = kept;
            if (length > kept.length || (kept.length > SHRINK_ABOVE && length <= SMALL)) {
                // Grow by doubling up to the cap; shrink back to SMALL once a big element is gone.
                int capacity = length > kept.length ? Math.min(maxKept, Math.max(256, 2 * kept.length)) : SMALL;
                target = new byte[Math.max(capacity, length)];
            }
            int n = 0;
            if (from < chunkBase) {
                n = (int) (chunkBase - from);
                int at = (int) (from - keptStart);
                // Kept bytes already in place are not copied again: an element trickling in over many
                // feeds costs its size once (plus doublings), not its size once per feed.
                if (target != kept || at != 0) {
                    System.arraycopy(kept, at, target, 0, n);
                    copied += n;
                }
            }
            long fromHere = Math.max(from, chunkBase);
            chunk.get(indexOf(fromHere), target, n, (int) (end - fromHere));
            copied += end - fromHere;
            kept = target;
            keptLength = length;
        }
        keptStart = from;
        chunkBase = end;
        chunkLength = 0;
        chunk = null;
    }
}
