/**
 * XEP-0124 BOSH with XEP-0206 (XMPP over BOSH): {@link dev.portico.transport.bosh.BoshHandler} is the HTTP
 * endpoint; behind it the binding logic (rid window, held requests, response cache, acknowledgements,
 * pause, overactivity, key sequencing, terminal conditions) runs without HTTP or a real upstream, so it is
 * unit-tested with an injected ticker and scheduler. Each BOSH session adapts one
 * {@link dev.portico.session.ClientSession}, with back-pressure both ways: a request is answered only once
 * its stanzas were written upstream, a server element is released only once a response carries it, and
 * the bytes waiting in each direction are capped by {@code limits.max-queued-bytes}.
 */
package dev.portico.transport.bosh;
