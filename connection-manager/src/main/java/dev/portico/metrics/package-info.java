/**
 * Operations: Micrometer meters behind {@code /metrics}, the one-line session-end log, and the samples the
 * status page charts. Sessions report through {@link dev.portico.session.SessionEvents}; nothing here is on
 * a session's critical path beyond pre-resolved counter increments.
 */
package dev.portico.metrics;
