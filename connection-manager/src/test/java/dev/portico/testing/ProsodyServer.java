package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Prosody XMPP server for integration tests, started as a child process on free
 * loopback ports with a generated configuration, users, rosters and a self-signed certificate.
 *
 * <pre>{@code
 * try (ProsodyServer prosody = ProsodyServer.builder()
 *         .domain("localhost")
 *         .users("alice", "bob", "carol")
 *         .password("secret")
 *         .requireEncryption(false)
 *         .rosterBoth("alice", "bob", "Friends")
 *         .start()) {
 *     int port = prosody.c2sPort();
 *     ...
 * }
 * }</pre>
 *
 * <p>Everything lives in a fresh directory under {@code /tmp} (short, because Prosody's admin
 * socket path must stay below 108 bytes): {@code prosody.cfg.lua}, {@code data/}, {@code certs/},
 * {@code prosody.log}. c2s listens on {@link #c2sPort()} (STARTTLS offered, mandatory when
 * {@link Builder#requireEncryption(boolean)} is true); HTTP on {@link #httpPort()} serves Prosody's
 * own BOSH ({@link #boshUri()}) and WebSocket ({@link #webSocketUri()}) endpoints. s2s is off.
 * Authentication is {@code internal_hashed}, offering SCRAM-SHA-1 and PLAIN.
 *
 * <p>The executables default to {@code prosody} and {@code prosodyctl} on the {@code PATH}; the
 * system properties {@code portico.prosody} and {@code portico.prosodyctl} override them. A JVM
 * shutdown hook kills servers that were not closed, so no Prosody outlives the test JVM.
 */
public final class ProsodyServer implements XmppTestServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final int DEFAULT_TAIL_LINES = 60;
    private static final String TRUST_STORE_PASSWORD = "portico-test";
    private static final String PORT_IN_USE_MARKER = "Failed to open server port";

    /** Servers whose process may be running, killed by the shutdown hook. */
    private static final Set<ProsodyServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ProsodyServer server : LIVE) {
                server.destroyQuietly();
            }
        }, "prosody-server-reaper"));
    }

    private final String domain;
    private final List<String> users;
    private final String password;
    private final boolean requireEncryption;
    private final boolean directTls;
    private final Path dir;
    private final Path configFile;
    private final Path logFile;
    private final Path stdoutFile;
    private final Path certificatePem;
    private final Path privateKeyPem;
    private final Path trustStore;
    private final String logLevel;
    private final String extraConfig;
    private final List<String> extraModules;
    private final String components;
    private int c2sPort;
    private int httpPort;
    private int directTlsPort;
    private Process process;
    private boolean closed;

    private ProsodyServer(Builder b, Path dir) {
        this.domain = b.domain;
        this.users = List.copyOf(b.allUsers());
        this.password = b.password;
        this.requireEncryption = b.requireEncryption;
        this.directTls = b.directTls;
        this.logLevel = b.logLevel;
        this.extraConfig = b.extraConfig.toString();
        this.extraModules = List.copyOf(b.extraModules);
        this.components = b.components.toString();
        this.dir = dir;
        this.configFile = dir.resolve("prosody.cfg.lua");
        this.logFile = dir.resolve("prosody.log");
        this.stdoutFile = dir.resolve("prosody.stdout");
        this.certificatePem = dir.resolve("certs").resolve(domain + ".crt");
        this.privateKeyPem = dir.resolve("certs").resolve(domain + ".key");
        this.trustStore = dir.resolve("certs").resolve("truststore.p12");
    }

    /**
     * Starts describing a server; call {@link Builder#start()} to run it.
     *
     * @return a builder with domain {@code localhost}, password {@code secret}, no users and
     *     optional encryption
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public XmppServerKind kind() {
        return XmppServerKind.PROSODY;
    }

    /**
     * Registers one more user with {@code prosodyctl register}; Prosody's file storage sees the account at once.
     *
     * @param user a lower-case local part
     */
    @Override
    public void register(String user) {
        try {
            run(List.of(executable("portico.prosodyctl", "prosodyctl"), "--config", configFile.toString(),
                    "register", Builder.requireName(user, "user"), domain, password), "prosodyctl register");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering " + user, e);
        }
    }

    /** @return the XMPP domain served by the single VirtualHost */
    public String domain() {
        return domain;
    }

    /** @return the loopback port of Prosody's c2s listener (plain TCP with STARTTLS) */
    public synchronized int c2sPort() {
        return c2sPort;
    }

    /** @return the loopback port of Prosody's HTTP listener (BOSH and WebSocket) */
    public synchronized int httpPort() {
        return httpPort;
    }

    /** @return the password shared by every user */
    public String password() {
        return password;
    }

    /** @return the local parts of all registered users, in the order given */
    public List<String> users() {
        return users;
    }

    /**
     * @param user a local part
     * @return {@code user@domain}
     */
    public String jid(String user) {
        return user + "@" + domain;
    }

    /**
     * @return the loopback port of Prosody's direct TLS c2s listener (XEP-0368, same certificate), or -1
     *     unless {@link Builder#directTls(boolean)} was set
     */
    public synchronized int directTlsPort() {
        return directTls ? directTlsPort : -1;
    }

    /** @return whether c2s requires STARTTLS before SASL */
    public boolean requireEncryption() {
        return requireEncryption;
    }

    /** @return Prosody's own WebSocket endpoint, {@code ws://127.0.0.1:PORT/xmpp-websocket} */
    public String webSocketUri() {
        return "ws://127.0.0.1:" + httpPort() + "/xmpp-websocket";
    }

    /** @return Prosody's own BOSH endpoint, {@code http://127.0.0.1:PORT/http-bind} */
    public String boshUri() {
        return "http://127.0.0.1:" + httpPort() + "/http-bind";
    }

    /** @return the server's working directory (config, data, certificates, log) */
    public Path dir() {
        return dir;
    }

    /** @return the generated {@code prosody.cfg.lua} */
    public Path configFile() {
        return configFile;
    }

    /** @return Prosody's log file */
    public Path logFile() {
        return logFile;
    }

    /** @return the self-signed certificate (PEM) Prosody presents on STARTTLS, CN and SAN = domain */
    public Path certificatePem() {
        return certificatePem;
    }

    /** @return a PKCS12 trust store holding {@link #certificatePem()} as a trusted entry */
    public Path trustStorePkcs12() {
        return trustStore;
    }

    /** @return the password of {@link #trustStorePkcs12()} */
    public String trustStorePassword() {
        return TRUST_STORE_PASSWORD;
    }

    /** @return whether the Prosody process is running */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** @return the process id of the running Prosody, or -1 if none */
    public synchronized long pid() {
        return isAlive() ? process.pid() : -1;
    }

    /**
     * Kills Prosody with SIGKILL, simulating a crash: connections are cut without a closing
     * {@code </stream:stream>} and the ports refuse connections afterwards.
     */
    public synchronized void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            ServerProcesses.awaitExit(process, STOP_TIMEOUT);
            process = null;
        }
        LIVE.remove(this);
    }

    /**
     * Stops Prosody gracefully with SIGTERM (clients receive a closing stream), falling back to
     * SIGKILL after 5 s. The directory is kept, so {@link #restart()} can run it again.
     */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            if (!ServerProcesses.awaitExit(process, STOP_TIMEOUT)) {
                process.destroyForcibly();
                ServerProcesses.awaitExit(process, STOP_TIMEOUT);
            }
            process = null;
        }
        LIVE.remove(this);
    }

    /**
     * Starts Prosody again on the same ports with the same data; stops it first if it is running.
     *
     * @throws IllegalStateException if the server was closed or does not come up within 15 s
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("ProsodyServer is closed");
        }
        stop();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            try {
                launchAndAwait(deadline);
                return;
            } catch (PortInUseException e) {
                // The old listening socket may linger for a moment; retry on the same ports.
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                ServerProcesses.pause(100, "Prosody");
            }
        }
    }

    /** Stops Prosody (gracefully, then forcibly) and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        ServerProcesses.deleteRecursively(dir);
    }

    /** @return the last 60 lines of Prosody's log, plus anything it printed to stdout/stderr */
    public String logTail() {
        return logTail(DEFAULT_TAIL_LINES);
    }

    /**
     * @param lines how many lines of the log to return at most
     * @return the last {@code lines} lines of Prosody's log, plus anything it printed to
     *     stdout/stderr
     */
    public String logTail(int lines) {
        StringBuilder sb = new StringBuilder();
        sb.append(ServerProcesses.tail(logFile, lines));
        String stdout = ServerProcesses.tail(stdoutFile, lines);
        if (!stdout.isBlank()) {
            sb.append("--- prosody stdout/stderr ---\n").append(stdout);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ProsodyServer[" + domain + " c2s=" + c2sPort + " http=" + httpPort + " dir=" + dir + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up

    private void prepare(Builder b) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("certs"));
        writeCertificate();
        writeTrustStore();
        writeConfig();
        createAccounts();
        writeRosters(b.rosters);
    }

    private void startFresh() {
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.find(3);
            synchronized (this) {
                c2sPort = ports[0];
                httpPort = ports[1];
                directTlsPort = ports[2];
            }
            try {
                writeConfig();
                launchAndAwait(System.nanoTime() + STARTUP_TIMEOUT.toNanos());
                return;
            } catch (PortInUseException e) {
                // Someone took a port between FreePorts.find() and Prosody's bind: pick new ones.
                if (attempt >= START_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private synchronized void launchAndAwait(long deadlineNanos) {
        long logOffset = ServerProcesses.size(logFile);
        ProcessBuilder pb = new ProcessBuilder(executable("portico.prosody", "prosody"), "-F",
                "--config", configFile.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run prosody (is it installed?): " + e.getMessage(), e);
        }
        LIVE.add(this);
        String c2sActive = "Activated service 'c2s' on [127.0.0.1]:" + c2sPort;
        String httpActive = "Activated service 'http' on [127.0.0.1]:" + httpPort;
        String directTlsActive = "Activated service 'c2s_direct_tls' on [127.0.0.1]:" + directTlsPort;
        while (true) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                process = null;
                LIVE.remove(this);
                throw new IllegalStateException("Prosody exited during start-up with code " + code
                        + " (" + this + ")\n" + logTail());
            }
            String log = ServerProcesses.readFrom(logFile, logOffset);
            if (log.contains(PORT_IN_USE_MARKER)) {
                kill();
                throw new PortInUseException("Prosody could not bind its ports (" + this + ")\n" + logTail());
            }
            boolean directTlsUp = !directTls || (log.contains(directTlsActive) && ServerProcesses.canConnect(directTlsPort));
            if (log.contains(c2sActive) && log.contains(httpActive) && directTlsUp
                    && ServerProcesses.canConnect(c2sPort) && ServerProcesses.canConnect(httpPort)) {
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                kill();
                throw new IllegalStateException("Prosody did not accept connections within "
                        + STARTUP_TIMEOUT.toSeconds() + " s (" + this + ")\n" + logTail());
            }
            ServerProcesses.pause(10, "Prosody");
        }
    }

    private void writeConfig() throws IOException {
        Path certs = dir.resolve("certs");
        StringBuilder c = new StringBuilder();
        c.append("-- Generated by dev.portico.testing.ProsodyServer for a throwaway test server.\n");
        c.append("run_as_root = true\n");
        c.append("pidfile = ").append(lua(dir.resolve("prosody.pid"))).append('\n');
        c.append("data_path = ").append(lua(dir.resolve("data"))).append('\n');
        c.append("certificates = ").append(lua(certs)).append('\n');
        c.append("admin_socket = ").append(lua(dir.resolve("admin.sock"))).append('\n');
        c.append("log = { ").append(logLevel).append(" = ").append(lua(logFile)).append(" }\n");
        // On SIGTERM Prosody waits up to 5 s for clients to answer its closing stream; 0.5 s is plenty here.
        c.append("network_settings = { shutdown_deadline = 0.5 }\n");
        c.append("\n");
        c.append("interfaces = { \"127.0.0.1\" }\n");
        c.append("c2s_ports = { ").append(c2sPort).append(" }\n");
        if (directTls) {
            c.append("c2s_direct_tls_ports = { ").append(directTlsPort).append(" }\n");
            c.append("c2s_direct_tls_ssl = { key = ").append(lua(privateKeyPem))
                    .append("; certificate = ").append(lua(certificatePem)).append(" }\n");
        } else {
            c.append("c2s_direct_tls_ports = { }\n");
        }
        c.append("legacy_ssl_ports = { }\n");
        c.append("s2s_ports = { }\n");
        c.append("http_interfaces = { \"127.0.0.1\" }\n");
        c.append("http_ports = { ").append(httpPort).append(" }\n");
        c.append("https_ports = { }\n");
        c.append("http_default_host = ").append(lua(domain)).append('\n');
        c.append("\n");
        c.append("authentication = \"internal_hashed\"\n");
        c.append("storage = \"internal\"\n");
        c.append("c2s_require_encryption = ").append(requireEncryption).append('\n');
        if (!requireEncryption) {
            c.append("allow_unencrypted_plain_auth = true\n");
        }
        c.append("s2s_require_encryption = false\n");
        c.append("consider_websocket_secure = true\n");
        c.append("consider_bosh_secure = true\n");
        c.append("\n");
        c.append("modules_enabled = {\n");
        for (String module : List.of("roster", "saslauth", "tls", "disco", "presence", "message", "iq",
                "ping", "bosh", "websocket")) {
            c.append("  ").append(lua(module)).append(";\n");
        }
        for (String module : extraModules) {
            c.append("  ").append(lua(module)).append(";\n");
        }
        c.append("}\n");
        c.append("modules_disabled = { \"s2s\"; \"s2s_auth_certs\" }\n");
        if (!extraConfig.isEmpty()) {
            c.append("\n-- extra configuration\n").append(extraConfig).append('\n');
        }
        c.append("\n");
        c.append("VirtualHost ").append(lua(domain)).append('\n');
        c.append("  ssl = { key = ").append(lua(privateKeyPem))
                .append("; certificate = ").append(lua(certificatePem)).append(" }\n");
        c.append(components);
        Files.writeString(configFile, c.toString(), StandardCharsets.UTF_8);
    }

    private void writeCertificate() throws IOException, InterruptedException {
        TestCertificates.Pem pem = TestCertificates.forDomain(domain, dir.resolve("certs"));
        Files.write(certificatePem, pem.certificate());
        Files.write(privateKeyPem, pem.privateKey());
    }

    private void writeTrustStore() throws IOException {
        TestCertificates.writeTrustStore(certificatePem, "prosody-" + domain, trustStore, TRUST_STORE_PASSWORD);
    }

    private void createAccounts() throws IOException, InterruptedException {
        if (users.isEmpty()) {
            return;
        }
        String first = users.get(0);
        run(List.of(executable("portico.prosodyctl", "prosodyctl"), "--config", configFile.toString(),
                "register", first, domain, password), "prosodyctl register");
        Path accounts = hostDir().resolve("accounts");
        Path template = accounts.resolve(encode(first) + ".dat");
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException("prosodyctl register did not create " + template);
        }
        // Same password: the salted SCRAM record can be reused as is; far faster than prosodyctl.
        for (String user : users.subList(1, users.size())) {
            Files.copy(template, accounts.resolve(encode(user) + ".dat"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void writeRosters(Map<String, Map<String, Set<String>>> rosters) throws IOException {
        if (rosters.isEmpty()) {
            return;
        }
        Path rosterDir = Files.createDirectories(hostDir().resolve("roster"));
        for (Map.Entry<String, Map<String, Set<String>>> roster : rosters.entrySet()) {
            StringBuilder lua = new StringBuilder("return {\n");
            lua.append("\t[false] = {\n\t\t[\"version\"] = 1;\n\t\t[\"pending\"] = {};\n\t};\n");
            for (Map.Entry<String, Set<String>> item : roster.getValue().entrySet()) {
                lua.append("\t[").append(lua(jid(item.getKey()))).append("] = {\n");
                lua.append("\t\t[\"subscription\"] = \"both\";\n");
                lua.append("\t\t[\"groups\"] = {");
                if (!item.getValue().isEmpty()) {
                    lua.append('\n');
                    for (String group : item.getValue()) {
                        lua.append("\t\t\t[").append(lua(group)).append("] = true;\n");
                    }
                    lua.append("\t\t");
                }
                lua.append("};\n");
                lua.append("\t};\n");
            }
            lua.append("};\n");
            Files.writeString(rosterDir.resolve(encode(roster.getKey()) + ".dat"), lua.toString(),
                    StandardCharsets.UTF_8);
        }
    }

    private Path hostDir() {
        return dir.resolve("data").resolve(encode(domain));
    }

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private void destroyQuietly() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        ServerProcesses.deleteRecursively(dir);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String executable(String property, String fallback) {
        return System.getProperty(property, fallback);
    }

    /** Prosody's datamanager file-name encoding: every byte that is not [A-Za-z0-9] becomes %xx. */
    static String encode(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02x", c));
            }
        }
        return sb.toString();
    }

    private static String lua(Path path) {
        return lua(path.toAbsolutePath().toString());
    }

    /** A Lua string literal; bytes outside printable ASCII are written as decimal escapes. */
    static String lua(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append('\\').append(String.format(Locale.ROOT, "%03d", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    private static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }

    /**
     * Describes a {@link ProsodyServer} to start. Not thread-safe; {@link #start()} may be called
     * more than once to start independent servers.
     */
    public static final class Builder {
        private String domain = "localhost";
        private final Set<String> users = new LinkedHashSet<>();
        private String password = "secret";
        private boolean requireEncryption;
        private boolean directTls;
        private String logLevel = "info";
        private final StringBuilder extraConfig = new StringBuilder();
        private final List<String> extraModules = new ArrayList<>();
        private final StringBuilder components = new StringBuilder();
        /** user → (contact local part → groups); only mutual "both" subscriptions. */
        private final Map<String, Map<String, Set<String>>> rosters = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param domain the XMPP domain of the single VirtualHost (default {@code localhost})
         * @return this
         */
        public Builder domain(String domain) {
            this.domain = requireName(domain, "domain");
            return this;
        }

        /**
         * Adds users, all with {@link #password(String)}.
         *
         * @param localParts lower-case local parts, e.g. {@code "alice", "bob"}
         * @return this
         */
        public Builder users(String... localParts) {
            for (String user : localParts) {
                users.add(requireName(user, "user"));
            }
            return this;
        }

        /**
         * @param password the password of every user (default {@code secret})
         * @return this
         */
        public Builder password(String password) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /**
         * @param required true: STARTTLS is mandatory and SASL is offered only after TLS; false
         *     (default): TLS is optional and PLAIN and SCRAM-SHA-1 work over plain TCP
         * @return this
         */
        public Builder requireEncryption(boolean required) {
            this.requireEncryption = required;
            return this;
        }

        /**
         * @param enabled true: also listen for direct TLS c2s (XEP-0368) on {@link #directTlsPort()}, with
         *     the same certificate; false (default): no direct TLS port
         * @return this
         */
        public Builder directTls(boolean enabled) {
            this.directTls = enabled;
            return this;
        }

        /**
         * Puts {@code a} and {@code b} on each other's roster with subscription {@code both}.
         * Both are registered as users if they were not already listed.
         *
         * @param a a local part
         * @param b another local part
         * @param group roster group of both items, or {@code null} for none
         * @return this
         */
        public Builder rosterBoth(String a, String b, String group) {
            requireName(a, "user");
            requireName(b, "user");
            if (a.equals(b)) {
                throw new IllegalArgumentException("a roster item needs two different users: " + a);
            }
            users.add(a);
            users.add(b);
            addItem(a, b, group);
            addItem(b, a, group);
            return this;
        }

        /**
         * Like {@link #rosterBoth(String, String, String)} without a group.
         *
         * @param a a local part
         * @param b another local part
         * @return this
         */
        public Builder rosterBoth(String a, String b) {
            return rosterBoth(a, b, null);
        }

        /**
         * @param level Prosody's minimum log level: {@code debug}, {@code info} (default),
         *     {@code warn} or {@code error}
         * @return this
         */
        public Builder logLevel(String level) {
            if (!List.of("debug", "info", "warn", "error").contains(level)) {
                throw new IllegalArgumentException("unknown Prosody log level: " + level);
            }
            this.logLevel = level;
            return this;
        }

        /**
         * Appends raw Lua to the global section of the configuration, after the generated
         * options (so it can override them), e.g. {@code "c2s_stanza_size_limit = 10000"}.
         *
         * @param lua configuration lines
         * @return this
         */
        public Builder extraConfig(String lua) {
            extraConfig.append(lua).append('\n');
            return this;
        }

        /**
         * Enables more of Prosody's modules besides the generated set, e.g. {@code "limits"}.
         *
         * @param modules module names without the {@code mod_} prefix
         * @return this
         */
        public Builder modules(String... modules) {
            extraModules.addAll(List.of(modules));
            return this;
        }

        /**
         * Adds an internal component after the VirtualHost, e.g. MUC:
         * {@code component("conference.localhost", "muc", "restrict_room_creation = false")}.
         *
         * @param host the component's address
         * @param module the component module ({@code muc}, {@code http_file_share}…)
         * @param settings Lua lines that belong to the component
         * @return this
         */
        public Builder component(String host, String module, String... settings) {
            components.append("\nComponent ").append(lua(requireName(host, "component host")))
                    .append(' ').append(lua(requireName(module, "component module"))).append('\n');
            for (String line : settings) {
                components.append("  ").append(line).append('\n');
            }
            return this;
        }

        /**
         * Creates the directory, certificate, trust store, configuration, accounts and rosters,
         * starts Prosody and waits until its c2s and HTTP ports accept connections.
         *
         * @return the running server; close it to stop it and delete its directory
         * @throws IllegalStateException with Prosody's log tail if it does not come up within 15 s
         */
        public ProsodyServer start() {
            Path dir;
            try {
                dir = Files.createTempDirectory(Path.of("/tmp"), "prosody-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for Prosody", e);
            }
            ProsodyServer server = new ProsodyServer(this, dir);
            try {
                server.prepare(this);
                server.startFresh();
                return server;
            } catch (IOException e) {
                server.close();
                throw new UncheckedIOException("cannot prepare Prosody in " + dir, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while preparing Prosody", e);
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }

        private List<String> allUsers() {
            return new ArrayList<>(users);
        }

        private void addItem(String owner, String contact, String group) {
            Set<String> groups = rosters.computeIfAbsent(owner, k -> new LinkedHashMap<>())
                    .computeIfAbsent(contact, k -> new LinkedHashSet<>());
            if (group != null && !group.isEmpty()) {
                groups.add(group);
            }
        }

        private static String requireName(String name, String what) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(what + " must be lower case (Prosody nodepreps it): " + name);
            }
            for (char c : name.toCharArray()) {
                if (c <= ' ' || c == '@' || c == '/' || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>'
                        || c == ':') {
                    throw new IllegalArgumentException(what + " contains a character not allowed here: " + name);
                }
            }
            return name;
        }
    }
}
