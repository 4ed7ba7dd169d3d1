package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A throwaway ejabberd (Debian's 23.01) for integration tests: one Erlang VM started as a child process
 * on free loopback ports, with a generated {@code ejabberd.yml}, users and rosters and a self-signed
 * certificate.
 *
 * <pre>{@code
 * try (EjabberdServer ejabberd = EjabberdServer.builder().users("alice", "bob")
 *         .rosterBoth("alice", "bob", "Friends").start()) {
 *     int port = ejabberd.c2sPort();
 *     ...
 * }
 * }</pre>
 *
 * <p>Debian's {@code ejabberdctl} switches to the {@code ejabberd} user and detaches, so the fixture
 * starts the VM the way {@code ejabberdctl foreground} would, as the current user: its own node name
 * and cookie, config, Mnesia spool and log directory, all in one fresh directory under {@code /tmp}
 * that {@link #close()} deletes. Erlang distribution listens on a free loopback port given with
 * {@code -erl_epmd_port} ({@code ERL_DIST_PORT} in ejabberdctl terms), so no {@code epmd} daemon is
 * started and nothing outlives the test. Users and roster items are added with the
 * {@code ejabberdctl} commands {@code register} and {@code add_rosteritem}, run through
 * {@code ejabberd_ctl} from one short-lived hidden node ({@link #ctl(List)}).
 *
 * <p>c2s listens on {@link #c2sPort()} with STARTTLS offered (required when
 * {@link Builder#requireEncryption(boolean)}); with {@link Builder#proxyProtocol(boolean)} a second
 * c2s listener on {@link #proxyProtocolPort()} expects a PROXY protocol header first. Passwords are
 * stored as SCRAM-SHA-1 (as Debian's stock config does), so SCRAM-SHA-1 and PLAIN are offered.
 * {@code mod_stream_mgmt} is on (as in a stock install). A JVM shutdown hook kills servers that were
 * not closed.
 */
public final class EjabberdServer implements XmppTestServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final String TRUST_STORE_PASSWORD = "portico-test";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Servers whose process may be running, killed by the shutdown hook. */
    private static final Set<EjabberdServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(EjabberdServer::destroyQuietly),
                "ejabberd-server-reaper"));
    }

    private final String domain;
    private final String password;
    private final boolean requireEncryption;
    private final boolean proxyProtocol;
    private final int maxAuthFailures;
    private final Path dir;
    private final Path configFile;
    private final Path logFile;
    private final Path stdoutFile;
    private final Path certificatePem;
    private final Path trustStore;
    private final String node;
    private final String cookie;
    private int c2sPort;
    private int proxyPort;
    private int distPort;
    private Process process;
    private boolean closed;
    private Duration startupTime = Duration.ZERO;

    private EjabberdServer(Builder b, Path dir) {
        this.domain = b.setup.domain();
        this.password = b.setup.password();
        this.requireEncryption = b.setup.requireEncryption();
        this.proxyProtocol = b.proxyProtocol;
        this.maxAuthFailures = b.maxAuthFailures;
        this.dir = dir;
        this.configFile = dir.resolve("ejabberd.yml");
        this.logFile = dir.resolve("logs").resolve("ejabberd.log");
        this.stdoutFile = dir.resolve("ejabberd.stdout");
        this.certificatePem = dir.resolve("certs").resolve(domain + ".crt");
        this.trustStore = dir.resolve("certs").resolve("truststore.p12");
        String id = HexFormat.of().formatHex(RANDOM.generateSeed(4));
        this.node = "portico-" + id + "@localhost";
        this.cookie = "portico-" + HexFormat.of().formatHex(RANDOM.generateSeed(12));
    }

    /** @return a builder with domain {@code localhost}, password {@code secret}, no users, optional STARTTLS */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public XmppServerKind kind() {
        return XmppServerKind.EJABBERD;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public synchronized int c2sPort() {
        return c2sPort;
    }

    /** @return the loopback port of the c2s listener with {@code use_proxy_protocol: true}, or -1 if none */
    public synchronized int proxyProtocolPort() {
        return proxyProtocol ? proxyPort : -1;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public boolean requireEncryption() {
        return requireEncryption;
    }

    @Override
    public Path trustStorePkcs12() {
        return trustStore;
    }

    @Override
    public String trustStorePassword() {
        return TRUST_STORE_PASSWORD;
    }

    /** @return how long the last start took, from launching the VM until c2s accepted connections */
    public synchronized Duration startupTime() {
        return startupTime;
    }

    /** @return the Erlang node name, unique per server */
    public String node() {
        return node;
    }

    /** @return the server's directory (config, spool, logs, certificates) */
    public Path dir() {
        return dir;
    }

    /** @return ejabberd's main log file */
    public Path logFile() {
        return logFile;
    }

    @Override
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void register(String user) {
        ctl(List.of(List.of("register", XmppServerSetup.requireName(user, "user"), domain, password)));
    }

    /**
     * Runs {@code ejabberdctl} commands against this node, in order, from one hidden Erlang node (one
     * VM start for the whole batch instead of one per command).
     *
     * @param commands each an ejabberdctl command line, e.g. {@code ["connected_users_info"]}
     * @return what the commands printed
     * @throws IllegalStateException if a command does not exit with status 0
     */
    public String ctl(List<List<String>> commands) {
        StringBuilder eval = new StringBuilder("N = '").append(node).append("', lists:foreach(fun(C) -> ")
                .append("R = rpc:call(N, ejabberd_ctl, process, [C]), io:format(\"~n@@status ~p~n\", [R]) end, [");
        eval.append(commands.stream().map(c -> c.stream().map(EjabberdServer::erlangString)
                .collect(Collectors.joining(",", "[", "]"))).collect(Collectors.joining(",")));
        eval.append("]), halt(0).");
        List<String> command = new ArrayList<>(List.of("erl", "-sname", "ctl-" + node, "-setcookie", cookie,
                "-hidden", "-noinput", "-start_epmd", "false", "-dist_listen", "false",
                "-erl_epmd_port", Integer.toString(distPort()), "-eval", eval.toString()));
        String output = run(command, "ejabberdctl " + commands);
        long failed = output.lines().filter(l -> l.startsWith("@@status ") && !l.equals("@@status 0")).count();
        long done = output.lines().filter(l -> l.startsWith("@@status ")).count();
        if (failed > 0 || done != commands.size()) {
            throw new IllegalStateException("ejabberdctl " + commands + " failed:\n" + output);
        }
        return output.lines().filter(l -> !l.startsWith("@@status ")).collect(Collectors.joining("\n"));
    }

    @Override
    public synchronized void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            ServerProcesses.awaitExit(process, STOP_TIMEOUT);
            process = null;
        }
        LIVE.remove(this);
    }

    /** Stops ejabberd with SIGTERM (the VM runs {@code init:stop()}: streams are closed), SIGKILL after 10 s. */
    @Override
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            if (!ServerProcesses.awaitExit(process, STOP_TIMEOUT)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                ServerProcesses.awaitExit(process, STOP_TIMEOUT);
            }
            process = null;
        }
        LIVE.remove(this);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        ServerProcesses.deleteRecursively(dir);
    }

    @Override
    public String logTail() {
        return ServerProcesses.tail(logFile, 60) + "--- erl stdout/stderr ---\n" + ServerProcesses.tail(stdoutFile, 30);
    }

    /**
     * @param from how many bytes of the log to skip
     * @return ejabberd's log from that offset on
     */
    public String logFrom(long from) {
        return ServerProcesses.readFrom(logFile, from);
    }

    /** @return the current size of ejabberd's log, an offset for {@link #logFrom(long)} */
    public long logSize() {
        return ServerProcesses.size(logFile);
    }

    @Override
    public String toString() {
        return "EjabberdServer[" + domain + " c2s=" + c2sPort + " node=" + node + " dir=" + dir + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up

    private void prepare() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("certs"));
        TestCertificates.Pem pem = TestCertificates.forDomain(domain, dir.resolve("certs"));
        Files.write(certificatePem, pem.certificate());
        // ejabberd takes the certificate and its key from one file.
        Path both = dir.resolve("certs").resolve(domain + ".pem");
        Files.write(both, pem.certificate());
        Files.write(both, pem.privateKey(), java.nio.file.StandardOpenOption.APPEND);
        TestCertificates.writeTrustStore(certificatePem, "ejabberd-" + domain, trustStore, TRUST_STORE_PASSWORD);
        // Name resolution for the node name's host part without asking DNS.
        Files.writeString(dir.resolve("inetrc"), "{lookup,[\"file\",\"native\"]}.\n"
                + "{host,{127,0,0,1},[\"localhost\"]}.\n", StandardCharsets.UTF_8);
    }

    private void startFresh() throws IOException {
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.find(3);
            synchronized (this) {
                c2sPort = ports[0];
                proxyPort = ports[1];
                distPort = ports[2];
            }
            writeConfig();
            if (launchAndAwait()) {
                return;
            }
            // A port was taken between FreePorts.find() and the VM's bind: new ports, fresh spool.
            ServerProcesses.deleteRecursively(dir.resolve("spool"));
            Files.createDirectories(dir.resolve("spool"));
            if (attempt >= START_ATTEMPTS) {
                throw new IllegalStateException("ejabberd could not bind its ports (" + this + ")\n" + logTail());
            }
        }
    }

    /** @return false if ejabberd exited because a port was in use, true once c2s accepts connections */
    private synchronized boolean launchAndAwait() {
        long started = System.nanoTime();
        long deadline = started + STARTUP_TIMEOUT.toNanos();
        long logOffset = ServerProcesses.size(logFile);
        List<String> command = List.of("erl", "-sname", node, "-setcookie", cookie, "-noinput",
                "-start_epmd", "false", "-erl_epmd_port", Integer.toString(distPort),
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "+K", "true", "-mnesia", "dir", erlangString(dir.resolve("spool").toString()), "-s", "ejabberd");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile.toFile()));
        environment(pb.environment());
        pb.environment().put("EJABBERD_CONFIG_PATH", configFile.toString());
        pb.environment().put("EJABBERD_LOG_PATH", logFile.toString());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run erl (is ejabberd installed?): " + e.getMessage(), e);
        }
        LIVE.add(this);
        List<String> ready = new ArrayList<>(List.of(accepting(c2sPort)));
        if (proxyProtocol) {
            ready.add(accepting(proxyPort));
        }
        while (true) {
            String log = ServerProcesses.readFrom(logFile, logOffset) + ServerProcesses.tail(stdoutFile, 200);
            if (!process.isAlive()) {
                process = null;
                LIVE.remove(this);
                if (log.contains("eaddrinuse")) {
                    return false;
                }
                throw new IllegalStateException("ejabberd exited during start-up (" + this + ")\n" + logTail());
            }
            if (log.contains("eaddrinuse")) {
                kill();
                return false;
            }
            if (ready.stream().allMatch(log::contains) && ServerProcesses.canConnect(c2sPort)
                    && (!proxyProtocol || ServerProcesses.canConnect(proxyPort))) {
                startupTime = Duration.ofNanos(System.nanoTime() - started);
                return true;
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("ejabberd did not accept connections within "
                        + STARTUP_TIMEOUT.toSeconds() + " s (" + this + ")\n" + logTail());
            }
            ServerProcesses.pause(20, "ejabberd");
        }
    }

    private static String accepting(int port) {
        return "Start accepting TCP connections at 127.0.0.1:" + port + " ";
    }

    private synchronized int distPort() {
        return distPort;
    }

    private void environment(Map<String, String> env) {
        env.put("HOME", dir.toString());
        env.put("ERL_LIBS", erlLibs());
        env.put("ERL_INETRC", dir.resolve("inetrc").toString());
        env.put("ERL_CRASH_DUMP", dir.resolve("erl_crash.dump").toString());
        env.put("ERL_CRASH_DUMP_BYTES", "0");
    }

    /** Where Debian puts ejabberd's Erlang applications: /usr/lib/ARCH-linux-gnu/ejabberd-VERSION. */
    private static String erlLibs() {
        String configured = System.getProperty("portico.ejabberd.erl-libs");
        if (configured != null) {
            return configured;
        }
        try (DirectoryStream<Path> archs = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu*")) {
            for (Path arch : archs) {
                try (DirectoryStream<Path> apps = Files.newDirectoryStream(arch, "ejabberd-*")) {
                    if (apps.iterator().hasNext()) {
                        return arch.toString();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for ejabberd under /usr/lib", e);
        }
        throw new IllegalStateException("ejabberd is not installed (no /usr/lib/*-linux-gnu/ejabberd-*)");
    }

    private void writeConfig() throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("# Generated by dev.portico.testing.EjabberdServer for a throwaway test server.\n");
        y.append("hosts:\n  - ").append(yaml(domain)).append('\n');
        y.append("loglevel: info\n");
        y.append("log_rotate_count: 0\n");
        y.append("hide_sensitive_log_data: false\n");
        y.append("certfiles:\n  - ").append(yaml(dir.resolve("certs").resolve(domain + ".pem").toString())).append('\n');
        y.append("listen:\n");
        listener(y, c2sPort, false);
        if (proxyProtocol) {
            listener(y, proxyPort, true);
        }
        y.append("auth_method: internal\n");
        y.append("auth_password_format: scram\n");
        y.append("disable_sasl_mechanisms:\n  - \"digest-md5\"\n  - \"x-oauth2\"\n");
        y.append("acl:\n  local:\n    user_regexp: \"\"\n");
        y.append("access_rules:\n  local:\n    allow: local\n  c2s:\n    allow: all\n");
        y.append("api_permissions:\n  \"console commands\":\n    from:\n      - ejabberd_ctl\n");
        y.append("    who: all\n    what: \"*\"\n");
        y.append("modules:\n");
        for (String module : List.of("mod_roster", "mod_disco", "mod_ping", "mod_stream_mgmt", "mod_admin_extra")) {
            y.append("  ").append(module).append(": {}\n");
        }
        if (maxAuthFailures > 0) {
            y.append("  mod_fail2ban:\n    c2s_max_auth_failures: ").append(maxAuthFailures).append('\n');
            y.append("    c2s_auth_ban_lifetime: 1h\n");
        }
        Files.writeString(configFile, y.toString(), StandardCharsets.UTF_8);
    }

    private void listener(StringBuilder y, int port, boolean useProxyProtocol) {
        y.append("  -\n    port: ").append(port).append('\n');
        y.append("    ip: \"127.0.0.1\"\n");
        y.append("    module: ejabberd_c2s\n");
        y.append("    starttls: true\n");
        y.append("    starttls_required: ").append(requireEncryption).append('\n');
        y.append("    max_stanza_size: 262144\n");
        if (useProxyProtocol) {
            y.append("    use_proxy_protocol: true\n");
        }
    }

    private void addUsersAndRosters(List<String> users, List<XmppServerSetup.RosterPair> rosters) {
        List<List<String>> commands = new ArrayList<>();
        for (String user : users) {
            commands.add(List.of("register", user, domain, password));
        }
        for (XmppServerSetup.RosterPair pair : rosters) {
            String group = pair.group() == null ? "" : pair.group();
            commands.add(List.of("add_rosteritem", pair.a(), domain, pair.b(), domain, pair.b(), group, "both"));
            commands.add(List.of("add_rosteritem", pair.b(), domain, pair.a(), domain, pair.a(), group, "both"));
        }
        if (!commands.isEmpty()) {
            ctl(commands);
        }
    }

    private String run(List<String> command, String what) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        environment(pb.environment());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " exited with " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
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

    /** An Erlang string literal (a list of characters): the command-line words ejabberdctl would pass. */
    private static String erlangString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static String yaml(String s) {
        return erlangString(s);
    }

    /**
     * Describes an {@link EjabberdServer} to start. Not thread-safe; {@link #start()} may be called more
     * than once to start independent servers.
     */
    public static final class Builder {
        private XmppServerSetup setup = XmppServerSetup.localhost();
        private boolean proxyProtocol;
        private int maxAuthFailures;

        private Builder() {
        }

        /** @param setup domain, users, password, rosters and the STARTTLS requirement (replaces earlier calls) */
        public Builder setup(XmppServerSetup setup) {
            this.setup = setup;
            return this;
        }

        /** Adds users, all with the setup's password ({@code secret} unless changed). */
        public Builder users(String... localParts) {
            setup = setup.users(localParts);
            return this;
        }

        /** @param required true: {@code starttls_required}; false (default): STARTTLS offered, optional */
        public Builder requireEncryption(boolean required) {
            setup = setup.requireEncryption(required);
            return this;
        }

        /** Puts {@code a} and {@code b} on each other's roster with subscription {@code both}. */
        public Builder rosterBoth(String a, String b, String group) {
            setup = setup.rosterBoth(a, b, group);
            return this;
        }

        /** @param enabled true: also a c2s listener with {@code use_proxy_protocol: true} */
        public Builder proxyProtocol(boolean enabled) {
            this.proxyProtocol = enabled;
            return this;
        }

        /**
         * @param failures above this many failed logins from one IP address {@code mod_fail2ban} bans it for an
         *     hour; 0 (default): the module is off
         */
        public Builder maxAuthFailures(int failures) {
            this.maxAuthFailures = failures;
            return this;
        }

        /**
         * Creates the directory, certificate and configuration, starts ejabberd, waits until c2s accepts
         * connections, then registers the users and roster items.
         *
         * @return the running server; close it to stop it and delete its directory
         */
        public EjabberdServer start() {
            Path dir;
            try {
                dir = Files.createTempDirectory(Path.of("/tmp"), "ejabberd-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for ejabberd", e);
            }
            EjabberdServer server = new EjabberdServer(this, dir);
            try {
                server.prepare();
                server.startFresh();
                server.addUsersAndRosters(setup.users(), setup.rosters());
                return server;
            } catch (IOException e) {
                server.close();
                throw new UncheckedIOException("cannot prepare ejabberd in " + dir, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while preparing ejabberd", e);
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }
    }
}
