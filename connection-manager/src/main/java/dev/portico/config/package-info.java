/**
 * Portico's configuration: immutable records that are valid by construction, read from
 * {@code conf/portico.yaml} by {@link dev.portico.config.ConfigLoader} and overridden by command-line
 * flags in {@link dev.portico.config.CliOptions}. Every problem is a
 * {@link dev.portico.config.ConfigException} naming the offending key or flag, so the launcher can print
 * one line and exit with status 2.
 */
package dev.portico.config;
