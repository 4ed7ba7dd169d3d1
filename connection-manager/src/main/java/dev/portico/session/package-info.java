/**
 * The transport-agnostic client session: one state machine per browser session that owns one upstream
 * c2s stream. Transports ({@code transport.websocket}, {@code transport.bosh}) translate framing into calls
 * on {@link dev.portico.session.ClientSession} and render what it reports through a
 * {@link dev.portico.session.ClientSink}; XMPP semantics (domains served, STARTTLS, restarts, stream
 * errors, close handshake) live here.
 */
package dev.portico.session;
