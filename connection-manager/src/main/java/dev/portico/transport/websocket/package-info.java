/**
 * RFC 7395 XMPP over WebSocket: the upgrade policy (subprotocol {@code xmpp}, allowed Origins), and the
 * endpoint that turns {@code <open/>}/{@code <close/>} frames and one-element-per-message stanzas into
 * calls on a {@link dev.portico.session.ClientSession}.
 */
package dev.portico.transport.websocket;
