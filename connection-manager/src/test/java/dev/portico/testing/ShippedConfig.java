package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file under the repository's {@code conf/} (what operators copy), read so a test can run it after
 * swapping addresses. Every rewrite names text that must be present: when someone edits the shipped
 * file so that the anchor is gone, the test fails instead of silently testing something else.
 */
public final class ShippedConfig {
    private String text;
    private final Path file;

    private ShippedConfig(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Reads {@code conf/NAME} from the repository this build runs in. */
    public static ShippedConfig read(String name) {
        Path file = repositoryRoot().resolve("conf").resolve(name);
        try {
            return new ShippedConfig(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root: the nearest directory above the working directory that has {@code conf/portico.yaml}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conf").resolve("portico.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no conf/portico.yaml above " + Path.of("").toAbsolutePath());
    }

    /** Replaces the one occurrence of {@code anchor}; fails if it is missing or not unique. */
    public ShippedConfig replace(String anchor, String replacement) {
        int at = text.indexOf(anchor);
        if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
            throw new IllegalStateException(file + ": expected exactly one '" + anchor + "'");
        }
        text = text.substring(0, at) + replacement + text.substring(at + anchor.length());
        return this;
    }

    /** Replaces every occurrence of {@code anchor}; fails if there is none. */
    public ShippedConfig replaceAll(String anchor, String replacement) {
        if (!text.contains(anchor)) {
            throw new IllegalStateException(file + ": expected '" + anchor + "'");
        }
        text = text.replace(anchor, replacement);
        return this;
    }

    /** Drops every line containing {@code marker}; fails if there is none. */
    public ShippedConfig dropLinesContaining(String marker) {
        if (!text.contains(marker)) {
            throw new IllegalStateException(file + ": expected lines containing '" + marker + "'");
        }
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.contains(marker)) {
                kept.append(line).append('\n');
            }
        }
        text = kept.substring(0, kept.length() - 1);
        return this;
    }

    /** The text as rewritten so far. */
    public String text() {
        return text;
    }
}
