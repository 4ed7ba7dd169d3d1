package dev.portico.transport.bosh;

import dev.portico.session.StreamErrorXml;
import dev.portico.xml.StreamErrorCondition;

/**
 * How the end of an upstream stream looks to a BOSH client (XEP-0206 §7, XEP-0124 §17.2): the terminal
 * condition and, for {@code remote-stream-error}, the {@code <stream:error>} carried in the body.
 *
 * @param condition the terminal condition, null for a clean end
 * @param errorXml  the standalone stream error to carry, or null
 */
record UpstreamEnding(BoshCondition condition, String errorXml) {

    /** The server closed its stream cleanly. */
    static UpstreamEnding closed() {
        return new UpstreamEnding(null, null);
    }

    /**
     * A stream error: the server's own error is always carried as {@code remote-stream-error}; one Portico
     * raised maps to its binding condition when there is one (host-unknown, remote-connection-failed…).
     */
    static UpstreamEnding streamError(StreamErrorCondition condition, String text, String serverErrorXml) {
        if (serverErrorXml != null) {
            return new UpstreamEnding(BoshCondition.REMOTE_STREAM_ERROR, serverErrorXml);
        }
        BoshCondition binding = BoshCondition.forPorticoStreamError(condition);
        if (binding != null) {
            return new UpstreamEnding(binding, null);
        }
        return new UpstreamEnding(BoshCondition.REMOTE_STREAM_ERROR, StreamErrorXml.render(condition, text));
    }
}
