package dev.portico.config;

/**
 * The embedded demo XMPP server that lets a newcomer chat at once.
 *
 * @param enabled  start it when no upstream domain is configured
 * @param domain   its XMPP domain
 * @param password password of its demo users
 */
public record DemoConfig(boolean enabled, String domain, String password) {
    /** The defaults: enabled, domain {@code localhost}, password {@code demo}. */
    public static final DemoConfig DEFAULTS = new DemoConfig(true, "localhost", "demo");

    public DemoConfig {
        domain = NetworkNames.domainName("demo.domain", domain);
        Checks.nonBlank("demo.password", password);
    }
}
