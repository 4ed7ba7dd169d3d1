/**
 * Process wiring: {@code Main} (command line, exit codes), {@code PorticoServer} (Jetty, handlers,
 * upstream connector), and the small operational endpoints (health, metrics, XEP-0156 discovery).
 */
package dev.portico.server;
