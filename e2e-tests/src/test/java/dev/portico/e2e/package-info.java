/**
 * End-to-end tests: Playwright for Java drives Debian's Chromium through Portico's web chat and widget,
 * over WebSocket and BOSH, against a real Prosody started by the {@code ProsodyServer} fixture.
 * Screenshots land in {@code target/screenshots/} on every run, and on every failure.
 */
package dev.portico.e2e;
