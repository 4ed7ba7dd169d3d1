/**
 * Browser-facing transports. Each subpackage translates one framing (RFC 7395 WebSocket, XEP-0124/0206
 * BOSH) into calls on the transport-agnostic client session; shared policy (allowed origins) lives here.
 */
package dev.portico.transport;
