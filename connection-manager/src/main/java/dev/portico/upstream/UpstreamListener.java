package dev.portico.upstream;

import java.nio.ByteBuffer;

/**
 * Receives what happens on one upstream TCP connection. Called from Jetty's I/O threads, one call at a
 * time per connection (reads are serialized by fill interest).
 */
public interface UpstreamListener {
    /**
     * Bytes arrived from the server. The buffer is only valid during the call.
     *
     * @return {@code true} to keep reading, {@code false} to pause until {@link UpstreamLink#resumeReading()}
     *         (back-pressure: the browser side has no room yet)
     */
    boolean onBytes(ByteBuffer bytes);

    /**
     * Nothing came from the server for {@code upstream.keepalive}. The connection stays open; the
     * listener should send a whitespace keep-alive, whose failure then reveals a dead peer.
     */
    void onIdle();

    /** The server closed the TCP connection (orderly or not). */
    void onDisconnected(Throwable cause);
}
