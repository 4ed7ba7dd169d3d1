package dev.portico.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HAProxy (the Debian package) as a child process on a free loopback port, running the shipped
 * {@code conf/haproxy.cfg} with the test's nodes in place of the example ones: its own temporary
 * directory for the config and log, stopped by {@link #close()}. Shared with e2e-tests through the
 * test-jar.
 */
public final class HaproxyServer implements AutoCloseable {
    private static final String EXAMPLE_BIND = "bind 127.0.0.1:8080";
    private static final String EXAMPLE_SERVERS =
        "    server node1 127.0.0.1:7071 cookie node1\n    server node2 127.0.0.1:7072 cookie node2\n";

    private final ListeningProcess process;
    private final int port;

    private HaproxyServer(ListeningProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts HAProxy with {@code conf/haproxy.cfg} in front of Portico nodes listening on
     * {@code 127.0.0.1:nodePorts[i]} (named node1, node2, ... in order, as in the shipped file).
     */
    public static HaproxyServer inFrontOf(int... nodePorts) throws IOException, InterruptedException {
        return inFrontOf(List.of(), nodePorts);
    }

    /**
     * As {@link #inFrontOf(int...)}, with {@code serverOptions} appended to every {@code server} line
     * (e.g. {@code source 127.0.0.2} so the nodes see HAProxy as a distinct peer address).
     */
    public static HaproxyServer inFrontOf(List<String> serverOptions, int... nodePorts)
            throws IOException, InterruptedException {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodePorts.length; i++) {
            servers.append("    server node").append(i + 1).append(" 127.0.0.1:").append(nodePorts[i])
                .append(" cookie node").append(i + 1);
            serverOptions.forEach(option -> servers.append(' ').append(option));
            servers.append('\n');
        }
        int port = FreePorts.find();
        String config = ShippedConfig.read("haproxy.cfg")
            .dropLinesContaining("# production only")
            .replace("\nglobal\n", "\nglobal\n    log stderr format raw local0 info\n")
            // A test machine's descriptor limit is lower than what 100,000 connections need.
            .replace("maxconn 100000", "maxconn 4096")
            .replace(EXAMPLE_BIND, "bind 127.0.0.1:" + port)
            .replace(EXAMPLE_SERVERS, servers.toString())
            .text();
        return start(config, port);
    }

    /** Starts HAProxy with this configuration, which must listen on {@code 127.0.0.1:port}. */
    public static HaproxyServer start(String config, int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("portico-haproxy-");
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        // -db: stay in the foreground (no daemon), so the process is ours to stop.
        return new HaproxyServer(ListeningProcess.start("haproxy",
            List.of(ListeningProcess.executable("haproxy"), "-db", "-f", file.toString()), dir, port), port);
    }

    /** The listening port. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code ws://127.0.0.1:PORT/xmpp-websocket}. */
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/xmpp-websocket");
    }

    /** {@code http://127.0.0.1:PORT/http-bind}. */
    public String boshUrl() {
        return baseUrl() + "/http-bind";
    }

    /** The last lines HAProxy logged (one per request, plus server state changes). */
    public String logTail() {
        return process.tail("stdout.log");
    }

    /** Lines of the log that contain {@code text}, e.g. {@code "is DOWN"}. */
    public List<String> logLines(String text) {
        return process.lines("stdout.log").stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        process.close();
    }
}
