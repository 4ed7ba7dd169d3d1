package dev.portico.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML mapping seen as a config section: typed getters that fall back to a default when a key is
 * absent or null, and errors keyed by the full dotted key.
 */
final class YamlSection {
    private final String key;
    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * @param key   dotted key of this section, empty for the document root
     * @param value the parsed YAML value; null stands for an empty section
     * @param known the keys this section may hold, or null when any key is allowed (a map of names)
     */
    YamlSection(String key, Object value, List<String> known) {
        this.key = key;
        if (value == null) {
            return;
        }
        if (!(value instanceof Map)) {
            throw new ConfigException(key, "expected a section of keys (got " + Checks.quote(value) + ")");
        }
        ((Map<?, ?>) value).forEach((name, child) -> {
            String text = String.valueOf(name);
            if (known != null && !known.contains(text)) {
                throw new ConfigException(child(text), "unknown key (known: " + String.join(", ", known) + ")");
            }
            values.put(text, child);
        });
    }

    /** The dotted key of an entry of this section. */
    String child(String name) {
        return key.isEmpty() ? name : key + "." + name;
    }

    /** The entries as written, for sections whose keys are names (such as domains). */
    Map<String, Object> entries() {
        return values;
    }

    YamlSection section(String name, List<String> known) {
        return new YamlSection(child(name), values.get(name), known);
    }

    String string(String name, String fallback) {
        return optionalString(name).orElse(fallback);
    }

    Optional<String> optionalString(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof String) {
            return Optional.ofNullable((String) value);
        }
        // YAML would silently turn an unquoted 0123 into 123, so text must be written as text.
        throw new ConfigException(child(name), "expected text (got " + Checks.quote(value) + "); put it in quotes");
    }

    int integer(String name, int fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer) {
            return (Integer) value;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            throw new ConfigException(child(name), "is too large (got " + value + ")");
        }
        throw new ConfigException(child(name), "expected a whole number (got " + Checks.quote(value) + ")");
    }

    boolean bool(String name, boolean fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new ConfigException(child(name), "expected true or false (got " + Checks.quote(value) + ")");
    }

    Duration duration(String name, Duration fallback) {
        Object value = values.get(name);
        return value == null ? fallback : Units.duration(child(name), value);
    }

    int size(String name, int fallback) {
        Object value = values.get(name);
        return value == null ? fallback : Units.size(child(name), value);
    }

    List<String> strings(String name, List<String> fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof List)) {
            throw new ConfigException(child(name), "expected a list (got " + Checks.quote(value) + ")");
        }
        List<String> texts = new ArrayList<>();
        for (Object element : (List<?>) value) {
            if (!(element instanceof String)) {
                throw new ConfigException(child(name), "expected a list of text (got " + Checks.quote(element) + " in it)");
            }
            texts.add((String) element);
        }
        return texts;
    }
}
