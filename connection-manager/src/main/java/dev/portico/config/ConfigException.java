package dev.portico.config;

/**
 * A bad configuration value or command-line flag. The key is the full dotted YAML key
 * ({@code upstream.domains.example.com.port}), the flag ({@code --upstream}) or, for a file that cannot be
 * read or parsed, the file's path; the problem is a short sentence that quotes the bad value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The dotted key, flag or file the problem is about. */
    public String key() {
        return key;
    }

    /** What is wrong, without the key. */
    public String problem() {
        return problem;
    }
}
