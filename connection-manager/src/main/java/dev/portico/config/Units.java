package dev.portico.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, bare integer = seconds) and byte sizes
 * ({@code 262144}, {@code 256KiB}, {@code 1MiB}) as written in the YAML file.
 */
final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+) ?(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+) ?(B|KiB|MiB|GiB)?");
    private static final Map<String, Long> MILLIS_PER_UNIT = Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L);
    private static final Map<String, Long> BYTES_PER_UNIT = Map.of("B", 1L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);
    // Far beyond any sensible timeout, but keeps Duration arithmetic elsewhere clear of overflow.
    private static final BigInteger MAX_MILLIS = BigInteger.valueOf(Duration.ofDays(365).toMillis());

    private Units() {
    }

    /** Parses a YAML scalar (integer or text) as a duration. */
    static Duration duration(String key, Object value) {
        String problem = "expected a duration like 30s, 500ms, 2m or 1h (got " + Checks.quote(value) + ")";
        String text = wholeNumberText(key, value, problem);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(key, problem);
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigInteger millis = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(MILLIS_PER_UNIT.get(unit)));
        if (millis.compareTo(MAX_MILLIS) > 0) {
            throw new ConfigException(key, "must be at most 365 days (got " + Checks.quote(value) + ")");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /** Parses a YAML scalar (integer or text) as a number of bytes that fits an {@code int}. */
    static int size(String key, Object value) {
        String problem = "expected a size in bytes like 262144, 256KiB or 1MiB (got " + Checks.quote(value) + ")";
        String text = wholeNumberText(key, value, problem);
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(key, problem);
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        BigInteger bytes = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(BYTES_PER_UNIT.get(unit)));
        if (bytes.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new ConfigException(key, "must be at most " + Integer.MAX_VALUE + " bytes (got " + Checks.quote(value) + ")");
        }
        return bytes.intValueExact();
    }

    /** The shortest exact spelling of a duration in the units {@link #duration} accepts. */
    static String format(Duration duration) {
        if (duration.isNegative() || duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis % 1000 != 0 || millis == 0) {
            return millis == 0 ? "0s" : millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** YAML gives integers as Integer, Long or BigInteger; text stays text; anything else is wrong. */
    private static String wholeNumberText(String key, Object value, String problem) {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof String) {
            return (String) value;
        }
        throw new ConfigException(key, problem);
    }
}
