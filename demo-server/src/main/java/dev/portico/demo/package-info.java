/**
 * The embedded demo XMPP server that {@code bin/portico} starts when no upstream domain is configured, so
 * that a newcomer can chat in the web client at once: Apache Vysper 0.7 running in Portico's own process,
 * bound to {@code 127.0.0.1} only, with the accounts {@code alice}, {@code bob} and {@code carol} and their
 * rosters in memory (everything is lost on restart).
 *
 * <p>It lives in its own module, found through {@link dev.portico.server.DemoServerProvider} and
 * {@link java.util.ServiceLoader}, so that a production deployment need not carry Vysper, MINA and
 * BouncyCastle: leave {@code demo-server} off the classpath and an unconfigured Portico refuses to start
 * instead. The trade-off is deliberate: Vysper is old and little maintained (its dependencies had to be
 * pinned to newer, known-good versions), it offers SASL only after STARTTLS (hence a certificate generated
 * at each start, trusted by Portico through a temporary PEM file), it never sends its closing
 * {@code </stream:stream>} (Portico closes after its grace period), and its in-memory stores have no
 * limits. It is a demo, never a production XMPP server.
 */
package dev.portico.demo;
