package dev.portico.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Validators shared by the records (keyed by YAML key) and the flags (keyed by flag name). Each returns
 * the value or throws a {@link ConfigException} that quotes the bad value. Names and addresses are checked
 * by {@link NetworkNames}.
 */
final class Checks {
    private static final int MAX_QUOTED = 80;

    private Checks() {
    }

    /** A value as it should appear in a problem sentence: text quoted, on one line, never overlong. */
    static String quote(Object value) {
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (!(value instanceof String)) {
            return String.valueOf(value);
        }
        String text = (String) value;
        if (text.length() > MAX_QUOTED) {
            text = text.substring(0, MAX_QUOTED) + "...";
        }
        // A newline would break the launcher's one-line error contract.
        return "'" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }

    static <T> T required(String key, T value) {
        if (value == null) {
            throw new ConfigException(key, "must be set");
        }
        return value;
    }

    static String nonBlank(String key, String value) {
        if (required(key, value).isBlank()) {
            throw new ConfigException(key, "must not be empty (got " + quote(value) + ")");
        }
        return value;
    }

    /** A TCP port; with {@code allowAny}, 0 is accepted too and means any free port. */
    static int port(String key, int port, boolean allowAny) {
        if (port == 0 && allowAny) {
            return port;
        }
        if (port < 1 || port > 65535) {
            String any = allowAny ? ", or 0 for any free port" : "";
            throw new ConfigException(key, "must be between 1 and 65535" + any + " (got " + port + ")");
        }
        return port;
    }

    static int atLeast(String key, int value, int lowest) {
        if (value < lowest) {
            throw new ConfigException(key, "must be at least " + lowest + " (got " + value + ")");
        }
        return value;
    }

    static Duration positive(String key, Duration value) {
        if (required(key, value).isNegative() || value.isZero()) {
            throw new ConfigException(key, "must be longer than 0 (got " + Units.format(value) + ")");
        }
        return value;
    }

    static Duration notNegative(String key, Duration value) {
        if (required(key, value).isNegative()) {
            throw new ConfigException(key, "must not be negative (got " + Units.format(value) + ")");
        }
        return value;
    }

    /** BOSH carries its timers as integer seconds, so a fraction could not be announced to the client. */
    static Duration wholeSeconds(String key, Duration value) {
        if (required(key, value).toNanosPart() != 0) {
            throw new ConfigException(key, "must be a whole number of seconds (got " + Units.format(value) + ")");
        }
        return value;
    }

    /** An HTTP path the server mounts an endpoint on. */
    static String endpointPath(String key, String value) {
        if (!required(key, value).startsWith("/")) {
            throw new ConfigException(key, "must start with '/' (got " + quote(value) + ")");
        }
        if (value.length() == 1) {
            throw new ConfigException(key, "must not be '/', which serves the web chat (got " + quote(value) + ")");
        }
        if (value.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
            throw new ConfigException(key, "must be a plain path without spaces, '?' or '#' (got " + quote(value) + ")");
        }
        return value;
    }

    static Path existingFile(String key, Path file) {
        required(key, file);
        if (!Files.exists(file)) {
            throw new ConfigException(key, "file not found (got " + quote(file.toString()) + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(key, "must be a readable file (got " + quote(file.toString()) + ")");
        }
        return file;
    }

    /** Validates and normalises every element of a list, returning an immutable copy. */
    static List<String> each(String key, List<String> values, BinaryOperator<String> check) {
        List<String> checked = new ArrayList<>(required(key, values).size());
        for (String value : values) {
            checked.add(check.apply(key, required(key, value)));
        }
        return List.copyOf(checked);
    }
}
