package dev.portico.testing;

import java.nio.file.Path;

/**
 * A throwaway XMPP server run by a test fixture ({@link ProsodyServer}, {@link EjabberdServer}): what a
 * gateway test needs to know about it and do to it, whichever server it is.
 *
 * <p>Every implementation listens for c2s on 127.0.0.1 with STARTTLS offered (mandatory when
 * {@link #requireEncryption()}), presents a self-signed certificate for {@link #domain()} that
 * {@link #trustStorePkcs12()} trusts, and gives every user the same {@link #password()}.
 */
public interface XmppTestServer extends AutoCloseable {

    /** @return which server this is; tests name per-server differences through it */
    XmppServerKind kind();

    /** @return the XMPP domain served */
    String domain();

    /** @return the loopback port of the c2s listener (plain TCP with STARTTLS) */
    int c2sPort();

    /** @return the password shared by every user */
    String password();

    /**
     * @param user a local part
     * @return {@code user@domain}
     */
    default String jid(String user) {
        return user + "@" + domain();
    }

    /** @return whether c2s requires STARTTLS before SASL */
    boolean requireEncryption();

    /** @return a PKCS12 trust store holding the server's self-signed certificate */
    Path trustStorePkcs12();

    /** @return the password of {@link #trustStorePkcs12()} */
    String trustStorePassword();

    /**
     * Registers one more user, with {@link #password()}, on the running server.
     *
     * @param user a lower-case local part
     */
    void register(String user);

    /** @return whether the server process is running */
    boolean isAlive();

    /** Kills the server with SIGKILL: connections are cut without a closing stream. */
    void kill();

    /** Stops the server gracefully; its directory is kept. */
    void stop();

    /** @return the end of the server's log, for failure messages */
    String logTail();

    /** Stops the server and deletes everything it wrote. Idempotent. */
    @Override
    void close();
}
