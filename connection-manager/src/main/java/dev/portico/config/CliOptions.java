package dev.portico.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Portico's command line. Flags are laid over the config file's YAML tree before it is read, so a flag
 * replaces exactly the key it names (the list flags replace the whole list or domain map) and the result
 * is validated once, as if the file had said it.
 */
@Command(name = "portico", sortOptions = false,
        description = "XMPP connection manager: WebSocket (RFC 7395) and BOSH (XEP-0124/0206) in front of an XMPP server.",
        footer = "%nFlags win over the config file. Every setting and its default is described in conf/portico.yaml.")
public final class CliOptions {
    private static final String HELP = "--help";
    private static final Pattern QUOTED_OPTION = Pattern.compile("option '(--[a-z-]+)'");

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file; without it, the defaults.")
    private String config;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address the HTTP listener binds (http.bind).")
    private String bind;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port, 0 for any free port (http.port).")
    private String httpPort;

    @Option(names = UpstreamFlag.FLAG, paramLabel = "DOMAIN=HOST:PORT",
            description = {"XMPP domain to serve and its c2s server; repeatable, replaces upstream.domains.",
                "DOMAIN=HOST means port 5222; DOMAIN alone means DNS SRV."})
    private List<String> upstreams = new ArrayList<>();

    @Option(names = "--upstream-tls", paramLabel = "required|if-offered|disabled|direct",
            description = {"Upstream TLS (upstream.tls): STARTTLS required (default), if offered, never, or direct TLS.",
                "if-offered and disabled need loopback or private upstream addresses, or --upstream-allow-plaintext."})
    private String upstreamTls;

    @Option(names = "--upstream-allow-plaintext", arity = "0",
            description = "Allow if-offered/disabled towards public or DNS-found servers (upstream.allow-plaintext: true).")
    private boolean allowPlaintext;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Browser origin allowed to connect; repeatable, replaces http.allowed-origins.")
    private List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--upstream-trust-store", paramLabel = "FILE",
            description = "PEM or PKCS12 file of CAs trusted upstream (upstream.trust-store).")
    private String trustStore;

    @Option(names = "--no-demo", arity = "0", description = "Never start the embedded demo XMPP server (demo.enabled: false).")
    private boolean noDemo;

    @Option(names = HELP, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private CliOptions() {
    }

    /**
     * Parses the flags, loads {@code --config} if given (the defaults otherwise), applies the flags over it and
     * validates the result.
     *
     * @throws ConfigException keyed by the flag for a bad flag, by the YAML key or file for a bad config file
     */
    public static PorticoConfig resolve(String... args) {
        return parse(args).toConfig();
    }

    /** Whether {@code --help} is among the options, so the caller prints {@link #usage()} instead of starting. */
    public static boolean isHelpRequest(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals(HELP)) {
                return true;
            }
        }
        return false;
    }

    /** The help text, without colours. */
    public static String usage() {
        return commandLine(new CliOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandLine commandLine(CliOptions options) {
        // "@file" expansion would let an argument silently pull in a file's contents as more flags.
        return new CommandLine(options).setExpandAtFiles(false).setOverwrittenOptionsAllowed(false);
    }

    private static CliOptions parse(String... args) {
        CliOptions options = new CliOptions();
        try {
            commandLine(options).parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            if (arg.startsWith("-")) {
                throw new ConfigException(arg.split("=", 2)[0], "unknown option");
            }
            throw new ConfigException(arg, "unexpected argument (Portico takes only options; see --help)");
        } catch (MissingParameterException e) {
            ArgSpec spec = e.getMissing().get(0);
            throw new ConfigException(name(spec), "missing value (expected " + spec.paramLabel() + ")");
        } catch (OverwrittenOptionException e) {
            throw new ConfigException(name(e.getOverwritten()), "given more than once");
        } catch (ParameterException e) {
            String message = e.getMessage().replaceAll("\\s+", " ").strip();
            throw new ConfigException(e.getArgSpec() == null ? optionIn(message) : name(e.getArgSpec()), message);
        }
        return options;
    }

    // Some picocli errors (a value given to a switch) carry no ArgSpec, only the option's name in the text.
    private static String optionIn(String message) {
        Matcher m = QUOTED_OPTION.matcher(message);
        return m.find() ? m.group(1) : "command line";
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec ? ((OptionSpec) spec).longestName() : spec.paramLabel();
    }

    private PorticoConfig toConfig() {
        Map<Object, Object> overrides = overrides();
        if (config == null) {
            return ConfigMapper.map(overrides, "command line", Path.of(""));
        }
        Path file = path("--config", config);
        if (!Files.exists(file)) {
            throw new ConfigException("--config", "file not found (got " + Checks.quote(config) + ")");
        }
        Object tree = ConfigLoader.readTree(file);
        return ConfigMapper.map(overlay(tree, overrides), file.toString(), ConfigLoader.baseDir(file));
    }

    /**
     * The flags as a YAML-shaped tree. Each is validated here under its own name, so a bad flag is never
     * reported as a YAML key.
     */
    private Map<Object, Object> overrides() {
        Map<Object, Object> overrides = new LinkedHashMap<>();
        if (bind != null) {
            section(overrides, "http").put("bind", NetworkNames.host("--bind", bind));
        }
        if (httpPort != null) {
            section(overrides, "http").put("port", httpPort());
        }
        if (!allowOrigins.isEmpty()) {
            section(overrides, "http").put("allowed-origins", Checks.each("--allow-origin", allowOrigins, NetworkNames::origin));
        }
        if (!upstreams.isEmpty()) {
            section(overrides, "upstream").put("domains", upstreamDomains());
        }
        if (upstreamTls != null) {
            section(overrides, "upstream").put("tls", TlsPolicy.parse("--upstream-tls", upstreamTls).wireName());
        }
        if (allowPlaintext) {
            section(overrides, "upstream").put("allow-plaintext", true);
        }
        if (trustStore != null) {
            // Absolute, so resolving it against the config file's directory leaves it alone.
            Path file = Checks.existingFile("--upstream-trust-store", path("--upstream-trust-store", trustStore));
            section(overrides, "upstream").put("trust-store", file.toAbsolutePath().toString());
        }
        if (noDemo) {
            section(overrides, "demo").put("enabled", false);
        }
        return overrides;
    }

    private int httpPort() {
        if (!httpPort.matches("\\d{1,5}")) {
            throw new ConfigException("--http-port", "expected a port number (got " + Checks.quote(httpPort) + ")");
        }
        return Checks.port("--http-port", Integer.parseInt(httpPort), true);
    }

    private Map<Object, Object> upstreamDomains() {
        Map<Object, Object> domains = new LinkedHashMap<>();
        for (String value : upstreams) {
            UpstreamDomain domain = UpstreamFlag.parse(value);
            Map<Object, Object> entry = new LinkedHashMap<>();
            domain.host().ifPresent(host -> entry.put("host", host));
            entry.put("port", domain.port());
            if (domains.put(domain.domain(), entry) != null) {
                throw new ConfigException(UpstreamFlag.FLAG, "names " + Checks.quote(domain.domain()) + " more than once");
            }
        }
        return domains;
    }

    private static Path path(String flag, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(flag, "is not a valid file name (got " + Checks.quote(value) + ")");
        }
    }

    /** Lays the flags' sections over the file's; a file section that is not a map is left for the mapper to report. */
    private static Object overlay(Object tree, Map<Object, Object> overrides) {
        if (tree != null && !(tree instanceof Map)) {
            return tree;
        }
        Map<Object, Object> root = tree == null ? new LinkedHashMap<>() : cast(tree);
        overrides.forEach((name, values) -> {
            Object existing = root.get(name);
            if (existing == null) {
                root.put(name, values);
            } else if (existing instanceof Map) {
                cast(existing).putAll(cast(values));
            }
        });
        return root;
    }

    private static Map<Object, Object> section(Map<Object, Object> root, Object name) {
        return cast(root.computeIfAbsent(name, n -> new LinkedHashMap<>()));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> cast(Object map) {
        return (Map<Object, Object>) map;
    }
}
