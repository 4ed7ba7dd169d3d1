package dev.portico.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx (the Debian package) as a child process on a free loopback port, running the shipped
 * {@code conf/nginx.conf} in front of the test's Portico nodes: its own temporary prefix directory for
 * config, pid, logs and temp files, one process (no master, no user switch), stopped by {@link #close()}.
 */
public final class NginxServer implements AutoCloseable {
    private final ListeningProcess process;
    private final int port;

    private NginxServer(ListeningProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Options for the shipped file's rewrite. */
    public static final class Options {
        private boolean defaultTimeouts;
        private final StringBuilder httpExtras = new StringBuilder();

        /** Drops the file's proxy_read_timeout/proxy_send_timeout lines: nginx's defaults (60 s) apply. */
        public Options defaultTimeouts() {
            defaultTimeouts = true;
            return this;
        }

        /** One more directive in the http block, e.g. {@code proxy_bind 127.0.0.2;}. */
        public Options http(String directive) {
            httpExtras.append("    ").append(directive).append('\n');
            return this;
        }
    }

    /**
     * Starts nginx with {@code conf/nginx.conf} in front of the nodes on {@code 127.0.0.1:port1} and
     * {@code 127.0.0.1:port2} (node1 and node2 of the shipped file; give the same port twice for one node).
     */
    public static NginxServer inFrontOf(Options options, int port1, int port2) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("portico-nginx-");
        int port = FreePorts.find();
        ShippedConfig config = ShippedConfig.read("nginx.conf").dropLinesContaining("# production only");
        if (options.defaultTimeouts) {
            config.dropLinesContaining("proxy_read_timeout").dropLinesContaining("proxy_send_timeout");
        }
        String text = config
            .replace("listen 127.0.0.1:8080;", "listen 127.0.0.1:" + port + ";")
            .replaceAll("127\\.0\\.0\\.1:7071", "127\\.0\\.0\\.1:" + port1)
            .replaceAll("127\\.0\\.0\\.1:7072", "127\\.0\\.0\\.1:" + port2)
            .replaceAll("127.0.0.1:7071", "127.0.0.1:" + port1)
            .replaceAll("127.0.0.1:7072", "127.0.0.1:" + port2)
            .replace("worker_rlimit_nofile 200000;", "worker_rlimit_nofile 4096;")
            .replace("worker_connections 65536;", "worker_connections 2048;")
            .replace("\nhttp {\n", "\nhttp {\n"
                + "    access_log " + dir.resolve("access.log") + ";\n"
                + "    client_body_temp_path " + dir.resolve("body") + ";\n"
                + "    proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "    fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                + "    uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "    scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + options.httpExtras)
            .text();
        text = "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + " info;\n" + text;
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ListeningProcess process = ListeningProcess.start("nginx", List.of(ListeningProcess.executable("nginx"),
            "-p", dir.toString(), "-c", file.toString(), "-g", "daemon off; master_process off;"), dir, port);
        return new NginxServer(process, port);
    }

    /** The listening port. */
    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:PORT/xmpp-websocket}. */
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/xmpp-websocket");
    }

    /** {@code http://127.0.0.1:PORT/http-bind}. */
    public String boshUrl() {
        return "http://127.0.0.1:" + port + "/http-bind";
    }

    /** The last lines of nginx's output and error log. */
    public String logTail() {
        return process.tail("stdout.log") + "\n" + process.tail("error.log");
    }

    /** The access log's lines (one per request: status, upstream, timing). */
    public List<String> accessLog() {
        return process.lines("access.log");
    }

    @Override
    public void close() {
        process.close();
    }
}
