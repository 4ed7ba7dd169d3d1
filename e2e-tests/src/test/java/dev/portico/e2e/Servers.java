package dev.portico.e2e;

import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import dev.portico.config.WebConfig;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;

/** The Prosody and Portico every e2e class starts: domain localhost, users alice/bob/carol, password secret. */
final class Servers implements AutoCloseable {
    static final String PASSWORD = "secret";

    final ProsodyServer prosody;
    final PorticoTestServer portico;

    private Servers(ProsodyServer prosody, PorticoTestServer portico) {
        this.prosody = prosody;
        this.portico = portico;
    }

    /** alice and bob are mutual contacts in group "Friends"; carol knows nobody. */
    static Servers start(WebConfig web) throws Exception {
        return start(web, UnaryOperator.identity());
    }

    /** As {@link #start(WebConfig)}, with more Prosody options (modules, components) from {@code extra}. */
    static Servers start(WebConfig web, UnaryOperator<ProsodyServer.Builder> extra) throws Exception {
        ProsodyServer prosody = extra.apply(ProsodyServer.builder().domain("localhost").users("alice", "bob", "carol")
            .password(PASSWORD).requireEncryption(false).rosterBoth("alice", "bob", "Friends")).start();
        try {
            PorticoTestServer portico = PorticoTestServer.builder(prosody.domain(), prosody.c2sPort())
                .trustStore(prosody.trustStorePkcs12(), prosody.trustStorePassword()).web(web).start();
            return new Servers(prosody, portico);
        } catch (Exception | Error e) {
            prosody.close();
            throw e;
        }
    }

    static Servers start() throws Exception {
        return start(WebConfig.DEFAULTS);
    }

    /** {@code http://127.0.0.1:PORT/}. */
    String chatUrl() {
        return portico.baseUrl() + "/";
    }

    @Override
    public void close() throws Exception {
        try {
            portico.close();
        } catch (TimeoutException e) {
            // Jetty's graceful stop gave up on a request still held open (a BOSH poll of a page that a
            // failed test left behind); the server is stopped all the same.
            System.err.println("Portico stopped after the graceful-stop timeout: " + e);
        } finally {
            prosody.close();
        }
    }
}
