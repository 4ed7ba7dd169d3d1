/**
 * The upstream leg: one non-blocking TCP c2s stream per browser session to the configured XMPP server,
 * with DNS SRV resolution (answers pointing inside refused), STARTTLS negotiated by Portico itself or
 * direct TLS (XEP-0368), and a serialized, bounded write path.
 * Nothing here knows about WebSocket or BOSH.
 */
package dev.portico.upstream;
