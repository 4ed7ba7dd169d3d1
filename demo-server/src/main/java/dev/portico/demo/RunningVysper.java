package dev.portico.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.portico.server.DemoServerProvider.RunningDemo;
import org.apache.vysper.xmpp.server.XMPPServer;

/**
 * A started Vysper: closing it stops the server (its endpoint unbinds and live sessions are closed) and
 * deletes the PEM file. Closing twice is harmless. Vysper's own stanza thread pools have no way to be shut
 * down: their idle, non-daemon threads stay until the process exits ({@code Main} ends with
 * {@code System.exit}).
 */
record RunningVysper(String domain, String host, int port, Path certificatePem, List<String> users,
        XMPPServer server) implements RunningDemo {

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            Files.deleteIfExists(certificatePem);
        }
    }

    @Override
    public String toString() {
        return "RunningVysper[" + domain + " at " + host + ":" + port + "]";
    }
}
