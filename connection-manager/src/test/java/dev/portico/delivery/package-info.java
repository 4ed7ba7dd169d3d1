/**
 * Delivery guarantees under load, faults and bad input: every stanza a healthy session sends arrives
 * exactly once, and a session that cannot keep up ends with an error its browser sees instead of losing
 * stanzas silently. The tests here run Portico in front of a real Prosody with real clients, and use a
 * scripted upstream only where no real server misbehaves on demand (a server that stops reading).
 */
package dev.portico.delivery;
