/**
 * XML for both legs: the incremental upstream {@code StreamParser} built on Aalto's async reader, which
 * cuts top-level elements out of the byte stream by offset, and the {@code InboundParser} that validates
 * every frame or body a browser sends before anything is forwarded.
 */
package dev.portico.xml;
