package dev.portico.testing;

/**
 * The XMPP servers the gateway's integration tests run against, each started from one
 * {@link XmppServerSetup}. A test class parameterized over this enum runs once per server.
 */
public enum XmppServerKind {
    /** Prosody 0.12 (Debian), {@link ProsodyServer}. */
    PROSODY {
        @Override
        public XmppTestServer start(XmppServerSetup setup) {
            ProsodyServer.Builder b = ProsodyServer.builder().domain(setup.domain()).password(setup.password())
                .requireEncryption(setup.requireEncryption()).users(setup.users().toArray(String[]::new));
            setup.rosters().forEach(r -> b.rosterBoth(r.a(), r.b(), r.group()));
            return b.start();
        }
    },
    /** ejabberd 23.01 (Debian), {@link EjabberdServer}. */
    EJABBERD {
        @Override
        public XmppTestServer start(XmppServerSetup setup) {
            return EjabberdServer.builder().setup(setup).start();
        }
    };

    /**
     * Starts a server of this kind and waits until it accepts c2s connections.
     *
     * @param setup domain, users, rosters and the TLS requirement
     * @return the running server; close it to stop it and delete its files
     */
    public abstract XmppTestServer start(XmppServerSetup setup);
}
